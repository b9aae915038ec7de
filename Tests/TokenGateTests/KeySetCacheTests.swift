import Foundation
import Logging
import NIOHTTP1
import Testing
@testable import TokenGate
@testable import TokenGateHTTPClient
import TokenGateTesting

@Suite("Key sets over real HTTP: rotation, outages, freshness")
struct KeySetCacheTests {
    private func token(_ key: TestSigningKey) throws -> String {
        try key.token(claims: Fixtures.claims())
    }

    @Test("A rotated-in key is accepted on first sight, within the same request")
    func rotation() async throws {
        let harness = try await KeySetHarness.make()
        _ = try await harness.issuer.verify(try token(Fixtures.es256))
        #expect(harness.fetchCount == 1)
        let next = try TestSigningKey.generate(.es256, keyID: "rotated-in")
        harness.serve([Fixtures.es256, next])
        let started = ContinuousClock.now
        let verified = try await harness.issuer.verify(try token(next))
        let elapsed = ContinuousClock.now - started
        #expect(verified.keyID == "rotated-in")
        #expect(harness.fetchCount == 2)
        print("figure: rotated key accepted on first sight in \(elapsed) (one refresh over loopback HTTP)")
        try await harness.close()
    }

    @Test("A removed key is rejected after a refresh: key sets are replaced, not merged")
    func removal() async throws {
        let old = try TestSigningKey.generate(.es256, keyID: "old")
        let harness = try await KeySetHarness.make(keys: [Fixtures.es256, old])
        _ = try await harness.issuer.verify(try token(old))
        harness.serve([Fixtures.es256])
        try await harness.cache.refresh()
        #expect(harness.cache.snapshot?.keys.contains(keyID: "old") == false)
        let error = await asyncTokenError { _ = try await harness.issuer.verify(try token(old)) }
        #expect(error?.code == .unknownKey)
        try await harness.close()
    }

    @Test("A provider that re-keys under the same kid is followed after one failed signature")
    func reKeyUnderSameKid() async throws {
        let first = try TestSigningKey.generate(.es256, keyID: "same")
        let second = try TestSigningKey.generate(.es256, keyID: "same")
        let harness = try await KeySetHarness.make(keys: [first])
        _ = try await harness.issuer.verify(try token(first))
        harness.serve([second])
        let verified = try await harness.issuer.verify(try token(second))
        #expect(verified.keyID == "same")
        #expect(harness.fetchCount == 2)
        // A forged signature under a known kid costs at most one refresh per cooldown.
        let forger = try TestSigningKey.generate(.es256, keyID: "same")
        for _ in 0..<5 {
            let error = await asyncTokenError { _ = try await harness.issuer.verify(try token(forger)) }
            #expect(error?.code == .invalidSignature)
        }
        #expect(harness.fetchCount == 2)  // the cooldown began with the re-key refresh
        try await harness.close()
    }

    @Test("Unusable members served over HTTP are skipped; the good key works")
    func unusableMembers() async throws {
        let harness = try await KeySetHarness.make()
        var offCurve = Fixtures.es256.publicJWK()
        offCurve["kid"] = "off-curve"
        offCurve["y"] = .string(Base64URL.encode([UInt8](repeating: 7, count: 32)))
        let weak = try TestSigningKey.generateWeakRSA(bits: 1024, keyID: "rsa-1024")
        var encryption = Fixtures.rs256.publicJWK()
        encryption["use"] = "enc"
        let oct: JSONValue = ["kty": "oct", "kid": "oct", "k": "AAAA"]
        let unknown: JSONValue = ["kty": "unknown", "kid": "x"]
        let badBase64: JSONValue = ["kty": "RSA", "kid": "bad", "n": "!!", "e": "AQAB"]
        let members: [JSONValue] = [
            oct, .object(encryption), .object(weak.publicJWK()), unknown, badBase64, .object(offCurve),
            .string("not an object"), .object(Fixtures.es256.publicJWK()),
        ]
        let document = JSONValue.object(["keys": .array(members)]).serialized
        harness.server.respond { (_: String) -> KeyServer.Reply in KeyServer.Reply.json(document) }
        _ = try await harness.issuer.verify(try token(Fixtures.es256))
        #expect(harness.cache.snapshot?.keys.keys.count == 1)
        #expect(harness.cache.snapshot?.keys.skipped.count == 7)
        try await harness.close()
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
        Fault(name: "no usable key", reply: KeyServer.Reply.json(#"{"keys":[{"kty":"oct","k":"AAAA"}]}"#), expected: .invalidKeySet),
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
        // once on two cores (a one-second deadline failed there once); "hang" waits it out.
        fetcherConfiguration.deadline = .seconds(5)
        let harness = try await KeySetHarness.make(fetcherConfiguration: fetcherConfiguration)
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
        try await harness.close()
    }

    @Test("A closed port: keysUnavailable with a Retry-After")
    func closedPort() async throws {
        // Port 1: nothing listens there, and unlike the port of a server this test closed, no
        // server of a test running in parallel can be given it.
        let port = 1
        let fetcher = HTTPJWKSFetcher()
        let clock = ManualClock(now: Fixtures.now)
        let cache = KeySetCache(
            configuration: .init(source: .jwks(url: "http://127.0.0.1:\(port)/keys")),
            fetcher: fetcher,
            clock: clock,
            wallClock: clock
        )
        let issuer = IssuerVerifier(verifier: Fixtures.verifier(), keys: cache, wallClock: clock)
        let error = await asyncTokenError { _ = try await issuer.verify(try token(Fixtures.es256)) }
        #expect(error?.code == .keysUnavailable)
        #expect(error?.retryAfter != nil)
        let cause = await asyncTokenError { try await cache.refresh() }
        #expect(cause?.code == .fetchFailed)
        try await fetcher.shutdown()
    }

    @Test("Cold start with the provider down: keysUnavailable with Retry-After, no request storm, then recovery")
    func coldStart() async throws {
        let harness = try await KeySetHarness.make()
        harness.server.respond { (_: String) -> KeyServer.Reply in KeyServer.Reply(status: .serviceUnavailable) }
        let first = await asyncTokenError { _ = try await harness.issuer.verify(try token(Fixtures.es256)) }
        #expect(first?.code == .keysUnavailable)
        #expect(first?.retryAfter == .seconds(1))  // the first backoff step
        #expect(harness.fetchCount == 1)
        // During the backoff, requests fail at once without fetching.
        for _ in 0..<20 {
            let error = await asyncTokenError { _ = try await harness.issuer.verify(try token(Fixtures.es256)) }
            #expect(error?.code == .keysUnavailable)
            #expect((error?.retryAfter ?? .zero) > .zero)
        }
        #expect(harness.fetchCount == 1)
        harness.serve([Fixtures.es256])
        harness.clock.advance(by: .seconds(2))
        _ = try await harness.issuer.verify(try token(Fixtures.es256))
        #expect(harness.fetchCount == 2)
        try await harness.close()
    }

    struct LifetimeCase: Sendable, CustomTestStringConvertible {
        let headers: [(String, String)]
        let expected: Int64
        var testDescription: String {
            let parts: [String] = self.headers.map { (header: (String, String)) -> String in header.0 + ": " + header.1 }
            return parts.isEmpty ? "no headers" : parts.joined(separator: "; ")
        }
    }

    static let lifetimes: [LifetimeCase] = [
        LifetimeCase(headers: [], expected: 3600),
        LifetimeCase(headers: [("Cache-Control", "max-age=10")], expected: 300),
        LifetimeCase(headers: [("Cache-Control", "public, max-age=7200")], expected: 7200),
        LifetimeCase(headers: [("Cache-Control", "max-age=999999")], expected: 86_400),
        LifetimeCase(headers: [("Cache-Control", "no-store")], expected: 300),
        LifetimeCase(headers: [("Cache-Control", "max-age=abc")], expected: 300),
        LifetimeCase(headers: [("Expires", "Tue, 14 Nov 2023 23:13:20 GMT"), ("Date", "Tue, 14 Nov 2023 22:13:20 GMT")], expected: 3600),
        LifetimeCase(headers: [("Expires", "0")], expected: 300),
    ]

    @Test("Cache-Control and Expires set the lifetime, clamped to [5 min, 24 h]", arguments: lifetimes)
    func lifetime(lifetimeCase: LifetimeCase) async throws {
        let harness = try await KeySetHarness.make(headers: lifetimeCase.headers)
        let snapshot = try await harness.cache.refresh()
        let lifetime: Duration = snapshot.expiresAt - snapshot.fetchedAt
        let expected: Duration = .seconds(lifetimeCase.expected)
        #expect(lifetime == expected)
        let refreshIn: Double = (snapshot.refreshAt - snapshot.fetchedAt).seconds / Double(lifetimeCase.expected)
        #expect(refreshIn >= 0.75)
        #expect(refreshIn <= 0.85)
        try await harness.close()
    }

    @Test("ETag: a 304 keeps the parsed keys and renews their lifetime")
    func notModified() async throws {
        let harness = try await KeySetHarness.make()
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
        try await harness.close()
    }

    @Test("The background service pre-warms, then refreshes ahead at about 80 % of the lifetime")
    func refreshAhead() async throws {
        let harness = try await KeySetHarness.make(headers: [("Cache-Control", "max-age=1000")])
        let service = KeySetRefreshService(caches: [harness.cache])
        let running = Task { try await service.run() }
        try await eventually { harness.fetchCount == 1 && harness.cache.isReady }
        // Not due before 75 %.
        try await advanceAndSettle(harness.clock, by: .seconds(700))
        #expect(harness.fetchCount == 1)
        // Due by 85 %.
        try await advanceAndSettle(harness.clock, by: .seconds(160))
        try await eventually { harness.fetchCount == 2 }
        running.cancel()
        _ = try? await running.value
        try await harness.close()
    }

    @Test("Durable last-known-good: a restart while the provider is down still verifies")
    func durableLastKnownGood() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokengate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keys.json").path
        let harness = try await KeySetHarness.make { $0.persistencePath = path }
        _ = try await harness.cache.refresh()
        #expect(FileManager.default.fileExists(atPath: path))
        let firstWrite = try Data(contentsOf: URL(fileURLWithPath: path))
        // A later refresh with unchanged keys still rewrites the file with its newer expiry.
        // Refresh is due between 75 % and 85 % of the 1 h default lifetime (jittered): 3100 s is past both.
        harness.clock.advance(by: .seconds(3100))
        _ = await harness.cache.refreshIfDue()
        #expect(harness.fetchCount == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) != firstWrite)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)

        // "Restart": a new cache, the provider now down.
        harness.server.respond { (_: String) -> KeyServer.Reply in KeyServer.Reply(status: .internalServerError) }
        let configuration = harness.cache.configuration
        let restarted = KeySetCache(configuration: configuration, fetcher: harness.fetcher, clock: harness.clock, wallClock: harness.clock)
        #expect(restarted.isReady)
        let issuer = IssuerVerifier(verifier: Fixtures.verifier(), keys: restarted, wallClock: harness.clock)
        _ = try await issuer.verify(try token(Fixtures.es256))

        // Too old (more than 24 h past its expiry): not used.
        let later = ManualClock(now: Fixtures.now.adding(.seconds(3100 + 3600 + 86_400 + 60)))
        let tooLate = KeySetCache(configuration: configuration, fetcher: harness.fetcher, clock: later, wallClock: later)
        #expect(!tooLate.isReady)

        // A corrupt file is ignored, never fatal.
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        let corrupt = KeySetCache(configuration: configuration, fetcher: harness.fetcher, clock: harness.clock, wallClock: harness.clock)
        #expect(!corrupt.isReady)
        try await harness.close()
    }

    @Test("A flood of 10 000 concurrent tokens with random unknown kids costs at most one fetch per cooldown")
    func flood() async throws {
        let harness = try await KeySetHarness.make { $0.negativeCacheLimit = 256 }
        _ = try await harness.cache.refresh()
        var tokens: [String] = []
        for index in 0..<10_000 {
            let kid = "random-\(index)-\(UInt64.random(in: 0...UInt64.max))"
            // Signing 10 000 ES256 tokens is slow in debug builds; the kid is what matters here,
            // so the signature is reused (an unknown kid is reported before any signature check).
            if index < 8 {
                tokens.append(try Fixtures.es256.with(keyID: kid).token(claims: Fixtures.claims()))
            } else {
                let template = tokens[index % 8]
                let parts = template.split(separator: ".")
                let header = base64URL(Array(#"{"alg":"ES256","kid":"\#(kid)"}"#.utf8))
                tokens.append(header + "." + parts[1] + "." + parts[2])
            }
        }
        let all = tokens
        let started = ContinuousClock.now
        let failures = await withTaskGroup(of: Bool.self) { group in
            for token in all {
                group.addTask {
                    let outcome: VerifiedToken? = try? await harness.issuer.verify(token)
                    return outcome == nil
                }
            }
            var count = 0
            for await failed in group where failed { count += 1 }
            return count
        }
        let elapsed = ContinuousClock.now - started
        #expect(failures == 10_000)
        // One fetch at warm-up, at most one more for the whole flood (one cooldown window).
        #expect(harness.fetchCount <= 2)
        #expect(harness.cache.negativeCacheCount <= 256)
        print("figure: flood of 10000 concurrent unknown-kid tokens: \(harness.fetchCount - 1) refresh fetch(es) in \(elapsed)")
        // The next cooldown window allows one more refresh, no more.
        harness.clock.advance(by: .seconds(31))
        for token in all.prefix(200) {
            _ = await asyncTokenError { _ = try await harness.issuer.verify(token) }
        }
        #expect(harness.fetchCount <= 3)
        try await harness.close()
    }

    @Test("Single-flight: the fetch survives cancellation of the request that started it")
    func singleFlightSurvivesCancellation() async throws {
        let harness = try await KeySetHarness.make()
        let body = Array(TestSigningKey.jwksJSON([Fixtures.es256]).utf8)
        harness.server.respond { (_: String) -> KeyServer.Reply in
            KeyServer.Reply(status: .ok, body: body, delayMilliseconds: 300)
        }
        let first = try token(Fixtures.es256)
        let starter = Task { _ = try await harness.issuer.verify(first) }
        try await eventually { harness.fetchCount == 1 }
        starter.cancel()
        // A second request joins the same fetch and succeeds.
        _ = try await harness.issuer.verify(try token(Fixtures.es256))
        #expect(harness.fetchCount == 1)
        _ = try? await starter.value
        try await harness.close()
    }

    @Test("OIDC discovery finds jwks_uri; a document naming another issuer is refused")
    func discovery() async throws {
        let server = try await KeyServer.start()
        let issuer = server.baseURL + "/tenant"
        let jwks = TestSigningKey.jwksJSON([Fixtures.es256])
        let discoveryPath = "/tenant/.well-known/openid-configuration"
        let discoveryDocument = #"{"issuer":"\#(issuer)","jwks_uri":"\#(server.baseURL)/jwks"}"#
        server.respond { (path: String) -> KeyServer.Reply in
            if path == discoveryPath { return KeyServer.Reply.json(discoveryDocument) }
            if path == "/jwks" { return KeyServer.Reply.json(jwks) }
            return KeyServer.Reply(status: .notFound)
        }
        let fetcher = HTTPJWKSFetcher()
        let cache = KeySetCache(configuration: .init(source: .discovery(issuer: issuer)), fetcher: fetcher)
        let snapshot = try await cache.refresh()
        #expect(snapshot.keys.contains(keyID: "ec-1"))

        let foreignDocument = #"{"issuer":"https://evil.example","jwks_uri":"\#(server.baseURL)/jwks"}"#
        server.respond { (path: String) -> KeyServer.Reply in
            KeyServer.Reply.json(path == discoveryPath ? foreignDocument : jwks)
        }
        let other = KeySetCache(configuration: .init(source: .discovery(issuer: issuer)), fetcher: fetcher)
        let error = await asyncTokenError { try await other.refresh() }
        #expect(error?.code == .discoveryMismatch)
        try await fetcher.shutdown()
        try await server.close()
    }

    @Test("Discovery: jwks_uri may name another host, but must be https outside loopback")
    func discoveredJWKSURLPolicy() async throws {
        let issuer = "https://accounts.example"
        let discoveryURL = issuer + "/.well-known/openid-configuration"
        let jwks = TestSigningKey.jwksJSON([Fixtures.es256])
        for (jwksURL, accepted) in [
            ("https://keys.other-host.example/certs", true), ("http://127.0.0.1:9/certs", true),
            ("http://keys.other-host.example/certs", false), ("http://127.attacker.example/certs", false), ("ftp://keys.example/certs", false),
        ] {
            // A fetcher without any URL policy of its own: the key set's rule alone decides.
            let fetcher = InMemoryJWKSFetcher()
            fetcher.serve(#"{"issuer":"\#(issuer)","jwks_uri":"\#(jwksURL)"}"#, at: discoveryURL)
            fetcher.serve(jwks, at: jwksURL)
            let cache = KeySetCache(configuration: .init(source: .discovery(issuer: issuer)), fetcher: fetcher)
            let error = await asyncTokenError { try await cache.refresh() }
            if accepted {
                #expect(error == nil, "\(jwksURL)")
            } else {
                #expect(error?.code == .fetchInsecureURL, "\(jwksURL)")
                #expect(!fetcher.requests.contains { $0.url == jwksURL }, "\(jwksURL) was fetched")
            }
        }
    }

    @Test("The default name (a log and metric label) is the source URL without user info, query or fragment")
    func defaultNameCarriesNoSecret() {
        let cases: [(String, String)] = [
            ("https://user:secret@keys.example/jwks?api_key=abc#frag", "https://keys.example/jwks"),
            ("https://keys.example:8443/tenant/keys?sig=xyz", "https://keys.example:8443/tenant/keys"),
            ("http://127.0.0.1:9081/oauth/v4/dev-tenant/publickeys", "http://127.0.0.1:9081/oauth/v4/dev-tenant/publickeys"),
            ("https://keys.example#token=abc", "https://keys.example"),
        ]
        for (url, expected) in cases {
            #expect(KeySetCache.Configuration(source: .jwks(url: url)).name == expected)
        }
        let discovery = KeySetCache.Configuration(source: .discovery(url: "https://a:b@id.example/.well-known/openid-configuration?x=1", issuer: "https://id.example"))
        #expect(discovery.name == "https://id.example/.well-known/openid-configuration")
    }

    @Test("Several issuers: each uses only its own keys; an unconfigured issuer is refused without any request")
    func severalIssuers() async throws {
        let keyA = try TestSigningKey.generate(.es256, keyID: "a")
        let keyB = try TestSigningKey.generate(.es256, keyID: "b")
        let server = try await KeyServer.start()
        let jwksA = TestSigningKey.jwksJSON([keyA])
        let jwksB = TestSigningKey.jwksJSON([keyB])
        server.respond { (path: String) -> KeyServer.Reply in
            if path == "/a" { return KeyServer.Reply.json(jwksA) }
            if path == "/b" { return KeyServer.Reply.json(jwksB) }
            return KeyServer.Reply(status: .notFound)
        }
        let fetcher = HTTPJWKSFetcher()
        let base = server.baseURL
        func issuer(_ name: String) -> IssuerVerifier {
            let cache = KeySetCache(configuration: .init(source: .jwks(url: base + "/" + name)), fetcher: fetcher)
            let verifier = TokenVerifier(configuration: .init(issuer: "https://\(name).example", audience: .oneOf(["api"])))
            return IssuerVerifier(verifier: verifier, keys: cache)
        }
        let directory = IssuerDirectory([issuer("a"), issuer("b")])
        let exp = JSONValue.number(JSONNumber(Int64(NumericDate.now.secondsSinceEpoch) + 600))
        func claims(_ issuer: String) -> [String: JSONValue] {
            ["iss": .string(issuer), "aud": .string("api"), "exp": exp]
        }

        _ = try await directory.verify(try keyA.token(claims: claims("https://a.example")))
        _ = try await directory.verify(try keyB.token(claims: claims("https://b.example")))
        // A's key, claiming B: B's key set has no kid "a".
        let crossed = await asyncTokenError { _ = try await directory.verify(try keyA.token(claims: claims("https://b.example"))) }
        #expect(crossed?.code == .unknownKey)
        // A's key under B's kid, claiming B: the signature fails.
        let disguised = await asyncTokenError {
            _ = try await directory.verify(try keyA.with(keyID: "b").token(claims: claims("https://b.example")))
        }
        #expect(disguised?.code == .invalidSignature)
        let before = server.requests.count
        let unknown = await asyncTokenError { _ = try await directory.verify(try keyA.token(claims: claims("https://c.example"))) }
        #expect(unknown?.code == .invalidIssuer)
        #expect(server.requests.count == before)
        try await fetcher.shutdown()
        try await server.close()
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

/// Polls `condition` every 10 ms for at most 5 s.
func eventually(_ condition: () -> Bool) async throws {
    for _ in 0..<500 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within 5 s")
}

/// Advances the manual clock and gives woken tasks a moment (bounded) to run.
func advanceAndSettle(_ clock: ManualClock, by duration: Duration) async throws {
    clock.advance(by: duration)
    try await Task.sleep(for: .milliseconds(200))
}

@Suite("No request is ever caused by token content")
struct TokenContentRequestTests {
    @Test("jku, x5u, jwk and x5c pointing at a live server cause no request, through the whole verification path")
    func embeddedURLsNeverFetched() async throws {
        let trap = try await KeyServer.start()
        let harness = try await KeySetHarness.make()
        let attacker = try TestSigningKey.generate(.es256, keyID: "attacker")
        let header: [String: JSONValue] = [
            "jku": .string(trap.baseURL + "/jwks"),
            "x5u": .string(trap.baseURL + "/cert"),
            "jwk": .object(attacker.publicJWK()),
            "x5c": ["MIIB"],
        ]
        // Unknown kid (triggers a refresh of the configured source only), known kid with a forged
        // signature, and a foreign issuer.
        let tokens = [
            try attacker.token(claims: Fixtures.claims(), header: header),
            try attacker.with(keyID: "ec-1").token(claims: Fixtures.claims(), header: header),
            try attacker.token(claims: Fixtures.claims(["iss": .string(trap.baseURL)]), header: header),
        ]
        for token in tokens {
            let error = await asyncTokenError { _ = try await harness.issuer.verify(token) }
            #expect(error != nil)
        }
        #expect(trap.requests.isEmpty)
        #expect(harness.server.requests.allSatisfy { $0.path == KeySetHarness.jwksPath })
        try await harness.close()
        try await trap.close()
    }
}
