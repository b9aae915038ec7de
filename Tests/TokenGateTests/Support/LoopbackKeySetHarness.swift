import Logging
import NIOHTTP1
import TokenGateHTTPClient
import TokenGateTesting

@testable import TokenGate

/// A key server on loopback, a real HTTP fetcher, a manual clock, a cache and an issuer, for
/// the tests whose subject is the wire (statuses, caching headers, redirects, size limits,
/// deadlines). Use ``withLoopbackKeySetHarness(keys:headers:fetcherConfiguration:configure:_:)``
/// so that the server is closed however the test ends.
struct LoopbackKeySetHarness: Sendable {
    let server: KeyServer
    let fetcher: HTTPJWKSFetcher
    let clock: ManualClock
    let cache: KeySetCache
    let issuer: IssuerVerifier

    static let jwksPath = "/keys"

    static func make(
        keys: [TestSigningKey] = [Fixtures.es256],
        headers: [(String, String)] = [],
        fetcherConfiguration: HTTPJWKSFetcher.Configuration = HTTPJWKSFetcher.patient.configuration,
        configure: (inout KeySetCache.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> LoopbackKeySetHarness {
        let document = TestSigningKey.jwksJSON(keys)
        let server = try await KeyServer.start { (path: String) -> KeyServer.Reply in
            if path == jwksPath { return KeyServer.Reply.json(document, headers: headers) }
            return KeyServer.Reply(status: .notFound)
        }
        let fetcher = HTTPJWKSFetcher(configuration: fetcherConfiguration)
        let clock = ManualClock(now: Fixtures.now)
        var configuration = KeySetCache.Configuration(source: .jwks(url: server.baseURL + jwksPath))
        configure(&configuration)
        let cache = KeySetCache(configuration: configuration, fetcher: fetcher, clock: clock, wallClock: clock, logger: logger)
        let issuer = IssuerVerifier(verifier: Fixtures.verifier(), keys: cache, wallClock: clock)
        return LoopbackKeySetHarness(server: server, fetcher: fetcher, clock: clock, cache: cache, issuer: issuer)
    }

    /// Serves `keys` from now on.
    func serve(_ keys: [TestSigningKey], headers: [(String, String)] = []) {
        let document = TestSigningKey.jwksJSON(keys)
        self.server.respond { (path: String) -> KeyServer.Reply in
            if path == Self.jwksPath { return KeyServer.Reply.json(document, headers: headers) }
            return KeyServer.Reply(status: .notFound)
        }
    }

    var fetchCount: Int { self.server.requestCount(path: Self.jwksPath) }

    func close() async throws {
        try await self.server.close()
    }
}

/// Runs `body` with a loopback harness and closes it however `body` ends (a failed `try` or
/// `#require` included), so that no server is left listening.
func withLoopbackKeySetHarness<Result>(
    keys: [TestSigningKey] = [Fixtures.es256],
    headers: [(String, String)] = [],
    fetcherConfiguration: HTTPJWKSFetcher.Configuration = HTTPJWKSFetcher.patient.configuration,
    configure: (inout KeySetCache.Configuration) -> Void = { _ in },
    _ body: (LoopbackKeySetHarness) async throws -> Result
) async throws -> Result {
    let harness = try await LoopbackKeySetHarness.make(keys: keys, headers: headers, fetcherConfiguration: fetcherConfiguration, configure: configure)
    let result: Result
    do {
        result = try await body(harness)
    } catch {
        try? await harness.close()
        throw error
    }
    try await harness.close()
    return result
}
