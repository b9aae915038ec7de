import NIOHTTP1
import Testing
import TokenGateTesting

@testable import TokenGate
@testable import TokenGateHTTPClient

/// The one key-set suite on real sockets: what only the wire shows. HTTP statuses, redirects,
/// size limits, a closed port and a hanging server become the fetch error codes the cache acts
/// on, and `Cache-Control`, `Expires`, `ETag` and `If-None-Match` survive the trip. Every test
/// runs inside ``withLoopbackKeySetHarness(keys:headers:fetcherConfiguration:configure:_:)``,
/// which closes the server however the test ends.
@Suite("Key sets over real HTTP: statuses, caching headers, redirects, size limits")
struct KeySetHTTPTests {
    private func token(_ key: TestSigningKey) throws -> String {
        try key.token(claims: Fixtures.claims())
    }

    struct Fault: Sendable, CustomTestStringConvertible {
        let name: String
        let reply: KeyServer.Reply
        let expected: TokenGateError.Code
        var testDescription: String { self.name }
    }

    static let oversizedDocument: String = {
        let padding = String(repeating: "x", count: 600 * 1024)
        return "{\"keys\":[],\"pad\":\"\(padding)\"}"
    }()

    static let faults: [Fault] = [
        Fault(name: "500", reply: KeyServer.Reply(status: .internalServerError), expected: .fetchStatus),
        Fault(name: "404", reply: KeyServer.Reply(status: .notFound), expected: .fetchStatus),
        Fault(name: "garbage", reply: KeyServer.Reply.json("<html>oops</html>"), expected: .invalidKeySet),
        Fault(name: "oversized", reply: KeyServer.Reply.json(oversizedDocument), expected: .fetchTooLarge),
        Fault(
            name: "redirect to another host",
            reply: KeyServer.Reply(status: .found, headers: [("Location", "http://127.0.0.2:1/keys")]),
            expected: .fetchRedirectRefused
        ),
        Fault(
            name: "redirect loop",
            reply: KeyServer.Reply(status: .found, headers: [("Location", "/keys")]),
            expected: .fetchRedirectRefused
        ),
        Fault(name: "hang", reply: KeyServer.Reply(hang: true), expected: .fetchTimedOut),
    ]

    @Test("Broken key server: the failure is named, the last good key set keeps working, and it recovers", arguments: faults)
    func outage(fault: Fault) async throws {
        var fetcherConfiguration = HTTPJWKSFetcher.Configuration()
        // Long enough for the fetches that must succeed while every test of the run starts at
        // once on two cores (the whole process has stalled 20–30 s there); "hang" waits it out.
        fetcherConfiguration.deadline = fault.expected == .fetchTimedOut ? .seconds(30) : .seconds(60)
        try await withLoopbackKeySetHarness(fetcherConfiguration: fetcherConfiguration) { harness in
            _ = try await harness.cache.refresh()
            let reply = fault.reply
            harness.server.respond { (_: String) -> KeyServer.Reply in reply }
            let error = await asyncTokenError { try await harness.cache.refresh() }
            #expect(error?.code == fault.expected)
            // Last known good: still verifying.
            _ = try await harness.issuer.verify(try token(Fixtures.es256))
            #expect(harness.cache.isReady)
            // Recovery.
            harness.serve([Fixtures.es256, Fixtures.rs256])
            harness.clock.advance(by: .seconds(60))
            try await harness.cache.refresh()
            #expect(harness.cache.snapshot?.keys.keys.count == 2)
        }
    }

    @Test("A closed port: keysUnavailable with a Retry-After")
    func closedPort() async throws {
        // Port 1: nothing listens there, and unlike the port of a server this test closed, no
        // server of a test running in parallel can be given it.
        let fetcher = HTTPJWKSFetcher()
        let clock = ManualClock(now: Fixtures.now)
        let cache = KeySetCache(
            configuration: .init(source: .jwks(url: "http://127.0.0.1:1/keys")),
            fetcher: fetcher,
            clock: clock,
            wallClock: clock
        )
        let issuer = IssuerVerifier(verifier: Fixtures.verifier(), keys: cache, wallClock: clock)
        let error = await asyncTokenError { _ = try await issuer.verify(try token(Fixtures.es256)) }
        let cause = await asyncTokenError { try await cache.refresh() }
        #expect(error?.code == .keysUnavailable)
        #expect(error?.retryAfter != nil)
        #expect(cause?.code == .fetchFailed)
    }

    static let headerCases: [KeySetCacheTests.LifetimeCase] = [
        KeySetCacheTests.LifetimeCase(cacheControl: "public, max-age=7200", expected: 7200),
        KeySetCacheTests.LifetimeCase(expires: "Tue, 14 Nov 2023 23:13:20 GMT", date: "Tue, 14 Nov 2023 22:13:20 GMT", expected: 3600),
        KeySetCacheTests.LifetimeCase(cacheControl: "max-age=10", expected: 300),
    ]

    @Test("Cache-Control, Expires and Date arrive from the wire and set the lifetime", arguments: headerCases)
    func lifetime(lifetimeCase: KeySetCacheTests.LifetimeCase) async throws {
        let headers = [("Cache-Control", lifetimeCase.cacheControl), ("Expires", lifetimeCase.expires), ("Date", lifetimeCase.date)]
            .compactMap { name, value in value.map { (name, $0) } }
        try await withLoopbackKeySetHarness(headers: headers) { harness in
            let snapshot = try await harness.cache.refresh()
            #expect(snapshot.expiresAt - snapshot.fetchedAt == .seconds(lifetimeCase.expected))
        }
    }

    @Test("ETag: If-None-Match goes out, and a 304 keeps the parsed keys and renews their lifetime")
    func notModified() async throws {
        try await withLoopbackKeySetHarness { harness in
            let document = TestSigningKey.jwksJSON([Fixtures.es256])
            let headers: [(String, String)] = [("ETag", "\"v1\""), ("Cache-Control", "max-age=600")]
            harness.server.respondConditionally { (_: String, ifNoneMatch: String?) -> KeyServer.Reply in
                if ifNoneMatch == "\"v1\"" {
                    return KeyServer.Reply(status: .notModified, headers: [("ETag", "\"v1\"")])
                }
                return KeyServer.Reply.json(document, headers: headers)
            }
            let first = try await harness.cache.refresh()
            harness.clock.advance(by: .seconds(500))
            let second = try await harness.cache.refresh()
            #expect(harness.server.requests.last?.ifNoneMatch == "\"v1\"")
            #expect(second.keys.keys.first?.identity == first.keys.keys.first?.identity)
            #expect(second.expiresAt > first.expiresAt)
        }
    }

    static let allowedURLs: [String] = [
        "https://login.example.com/keys", "http://127.0.0.1:8080/keys", "http://localhost/keys", "http://[::1]:9/keys",
        "http://127.8.9.10/keys", "http://LOCALHOST:8080/keys", "https://127.attacker.example/keys",
    ]
    static let refusedURLs: [String] = [
        "http://login.example.com/keys", "ftp://example.com/keys", "https://user:pw@example.com/keys", "/keys",
        "https:///keys", "http://10.0.0.1/keys",
        // Loopback is a parsed address or the name localhost, never a prefix of a host name.
        "http://127.attacker.example/keys", "http://127.0.0.1.attacker.example/keys", "http://localhost.attacker.example/keys",
        "http://127.0.0.1:8080@attacker.example/keys", "http://[::2]/keys",
    ]

    @Test("Fetch URLs: https, or plain http to loopback only", arguments: allowedURLs + refusedURLs)
    func urlPolicy(url: String) async throws {
        let allowed = Self.allowedURLs.contains(url)
        if allowed {
            #expect(throws: Never.self) { _ = try FetchURL(url, allowInsecureHTTP: false) }
        } else {
            #expect(throws: TokenGateError(.fetchInsecureURL)) { _ = try FetchURL(url, allowInsecureHTTP: false) }
            // The development switch lets plain http through, nothing else.
            let insecureOnly = url.hasPrefix("http://") && !url.contains("@")
            if insecureOnly {
                #expect(throws: Never.self) { _ = try FetchURL(url, allowInsecureHTTP: true) }
            }
        }
    }
}
