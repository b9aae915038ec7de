import Logging
import Synchronization
import Testing
import TokenGateTesting

@testable import TokenGate

/// A key set served from memory, a manual clock, a cache and an issuer: key-set behaviour
/// without a socket. Nothing is listening and nothing needs closing, so a test that fails
/// half-way leaves nothing running. (``LoopbackKeySetHarness`` is the same over real HTTP, for
/// the tests whose subject is the wire.)
struct KeySetHarness: Sendable {
    let fetcher: InMemoryJWKSFetcher
    let clock: ManualClock
    let cache: KeySetCache
    let issuer: IssuerVerifier

    /// The configured JWKS URL (never contacted: the fetcher answers from memory).
    static let url = "https://issuer.test/keys"

    /// - Parameters:
    ///   - keys: The keys served at ``url``.
    ///   - cacheControl: The `Cache-Control` header served with them.
    ///   - configure: Changes to the cache's configuration.
    init(
        keys: [TestSigningKey] = [Fixtures.es256],
        cacheControl: String? = nil,
        configure: (inout KeySetCache.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.fetcher = InMemoryJWKSFetcher()
        self.fetcher.serve(TestSigningKey.jwksJSON(keys), at: Self.url, cacheControl: cacheControl)
        self.clock = ManualClock(now: Fixtures.now)
        var configuration = KeySetCache.Configuration(source: .jwks(url: Self.url))
        configure(&configuration)
        self.cache = KeySetCache(configuration: configuration, fetcher: self.fetcher, clock: self.clock, wallClock: self.clock, logger: logger)
        self.issuer = IssuerVerifier(verifier: Fixtures.verifier(), keys: self.cache, wallClock: self.clock)
    }

    /// Serves `keys` from now on.
    func serve(_ keys: [TestSigningKey], cacheControl: String? = nil) {
        self.fetcher.serve(TestSigningKey.jwksJSON(keys), at: Self.url, cacheControl: cacheControl)
    }

    /// Serves `document` (any text) from now on.
    func serve(document: String) {
        self.fetcher.serve(document, at: Self.url)
    }

    /// Makes fetches fail from now on, as an HTTP error status does.
    func fail(status: Int) {
        self.fetcher.fail(Self.url, status: status)
    }

    /// How many times the key set was fetched.
    var fetchCount: Int { self.fetcher.requestCount(for: Self.url) }
}

extension KeySetCache {
    /// Waits for the fetch in flight, if any (one a request started in the background), to
    /// end and leave its result in the cache. Deterministic: no polling, no sleeping.
    func fetchInFlightFinished() async {
        if let task = self.state.withLock({ $0.inFlight }) {
            _ = await task.value
        }
    }
}

/// Runs `body` and returns the `TokenGateError` it throws (or nil), for async code.
func asyncTokenError(_ body: () async throws -> Void) async -> TokenGateError? {
    do {
        try await body()
        return nil
    } catch let error as TokenGateError {
        return error
    } catch {
        return nil
    }
}

/// Polls `condition` every 10 ms, 500 times at most (5 s), for waits that no event marks.
/// Prefer an event: ``KeySetCache/fetchInFlightFinished()``, `ManualClock.waitUntil`,
/// `InMemoryJWKSFetcher.waitUntilHeld`.
func eventually(_ condition: () -> Bool) async throws {
    for _ in 0..<500 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within 5 s")
}
