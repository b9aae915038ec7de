import Foundation
import Synchronization
import Testing
import TokenGateTesting

@testable import TokenGate

/// The cache's behaviour, with the key set served from memory (``KeySetHarness``). What only
/// the wire can show (HTTP statuses, headers, redirects, size limits, a closed port) is in
/// ``KeySetHTTPTests``.
@Suite("Key sets: rotation, outages, freshness")
struct KeySetCacheTests {
    private func token(_ key: TestSigningKey) throws -> String {
        try key.token(claims: Fixtures.claims())
    }

    @Test("A rotated-in key is accepted on first sight, within the same request")
    func rotation() async throws {
        let harness = KeySetHarness()
        _ = try await harness.issuer.verify(try token(Fixtures.es256))
        #expect(harness.fetchCount == 1)
        let next = try TestSigningKey.generate(.es256, keyID: "rotated-in")
        harness.serve([Fixtures.es256, next])
        let verified = try await harness.issuer.verify(try token(next))
        #expect(verified.keyID == "rotated-in")
        #expect(harness.fetchCount == 2)
    }

    @Test("A removed key is rejected after a refresh: key sets are replaced, not merged")
    func removal() async throws {
        let old = try TestSigningKey.generate(.es256, keyID: "old")
        let harness = KeySetHarness(keys: [Fixtures.es256, old])
        _ = try await harness.issuer.verify(try token(old))
        harness.serve([Fixtures.es256])
        try await harness.cache.refresh()
        #expect(harness.cache.snapshot?.keys.contains(keyID: "old") == false)
        let error = await asyncTokenError { _ = try await harness.issuer.verify(try token(old)) }
        #expect(error?.code == .unknownKey)
    }

    @Test("A provider that re-keys under the same kid is followed after one failed signature")
    func reKeyUnderSameKid() async throws {
        let first = try TestSigningKey.generate(.es256, keyID: "same")
        let second = try TestSigningKey.generate(.es256, keyID: "same")
        let harness = KeySetHarness(keys: [first])
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
    }

    @Test("Unusable members are skipped; the good key works")
    func unusableMembers() async throws {
        let harness = KeySetHarness()
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
        harness.serve(document: JSONValue.object(["keys": .array(members)]).serialized)
        _ = try await harness.issuer.verify(try token(Fixtures.es256))
        #expect(harness.cache.snapshot?.keys.keys.count == 1)
        #expect(harness.cache.snapshot?.keys.skipped.count == 7)
    }

    /// A provider fault as the fetcher reports it: a document the cache must refuse, or a
    /// failed fetch (``KeySetHTTPTests/outage(fault:)`` shows how HTTP faults become these).
    struct Fault: Sendable, CustomTestStringConvertible {
        let name: String
        let document: String?
        let error: TokenGateError?
        let expected: TokenGateError.Code
        var testDescription: String { self.name }
    }

    static let faults: [Fault] = [
        Fault(name: "error status", document: nil, error: TokenGateError(.fetchStatus, detail: "HTTP status 500"), expected: .fetchStatus),
        Fault(name: "too large", document: nil, error: TokenGateError(.fetchTooLarge), expected: .fetchTooLarge),
        Fault(name: "timed out", document: nil, error: TokenGateError(.fetchTimedOut), expected: .fetchTimedOut),
        Fault(name: "garbage", document: "<html>oops</html>", error: nil, expected: .invalidKeySet),
        Fault(name: "empty body", document: "", error: nil, expected: .invalidKeySet),
        Fault(name: "no usable key", document: #"{"keys":[{"kty":"oct","k":"AAAA"}]}"#, error: nil, expected: .invalidKeySet),
    ]

    @Test("Broken key server: the failure is named, the last good key set keeps working, and it recovers", arguments: faults)
    func outage(fault: Fault) async throws {
        let harness = KeySetHarness()
        _ = try await harness.cache.refresh()
        if let document = fault.document { harness.serve(document: document) }
        if let error = fault.error { harness.fetcher.fail(KeySetHarness.url, with: error) }
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

    @Test("Cold start with the provider down: keysUnavailable with Retry-After, no request storm, then recovery")
    func coldStart() async throws {
        let harness = KeySetHarness()
        harness.fail(status: 503)
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
    }

    struct LifetimeCase: Sendable, CustomTestStringConvertible {
        var cacheControl: String?
        var expires: String?
        var date: String?
        let expected: Int64
        var testDescription: String {
            let parts = [("Cache-Control", self.cacheControl), ("Expires", self.expires), ("Date", self.date)]
                .compactMap { name, value in value.map { name + ": " + $0 } }
            return parts.isEmpty ? "no headers" : parts.joined(separator: "; ")
        }
    }

    static let lifetimes: [LifetimeCase] = [
        LifetimeCase(expected: 3600),
        LifetimeCase(cacheControl: "max-age=10", expected: 300),
        LifetimeCase(cacheControl: "public, max-age=7200", expected: 7200),
        LifetimeCase(cacheControl: "max-age=999999", expected: 86_400),
        LifetimeCase(cacheControl: "no-store", expected: 300),
        LifetimeCase(cacheControl: "max-age=abc", expected: 300),
        LifetimeCase(expires: "Tue, 14 Nov 2023 23:13:20 GMT", date: "Tue, 14 Nov 2023 22:13:20 GMT", expected: 3600),
        LifetimeCase(expires: "0", expected: 300),
    ]

    @Test("Cache-Control and Expires set the lifetime, clamped to [5 min, 24 h]", arguments: lifetimes)
    func lifetime(lifetimeCase: LifetimeCase) async throws {
        let harness = KeySetHarness()
        harness.fetcher.serve(
            TestSigningKey.jwksJSON([Fixtures.es256]),
            at: KeySetHarness.url,
            cacheControl: lifetimeCase.cacheControl,
            expires: lifetimeCase.expires,
            date: lifetimeCase.date
        )
        let snapshot = try await harness.cache.refresh()
        let lifetime: Duration = snapshot.expiresAt - snapshot.fetchedAt
        let expected: Duration = .seconds(lifetimeCase.expected)
        #expect(lifetime == expected)
        let refreshIn: Double = (snapshot.refreshAt - snapshot.fetchedAt).seconds / Double(lifetimeCase.expected)
        #expect(refreshIn >= 0.75)
        #expect(refreshIn <= 0.85)
    }

    @Test("ETag: a 304 keeps the parsed keys and renews their lifetime")
    func notModified() async throws {
        let harness = KeySetHarness()
        let document = Array(TestSigningKey.jwksJSON([Fixtures.es256]).utf8)
        harness.fetcher.respond(at: KeySetHarness.url) { request throws(TokenGateError) in
            if request.etag == "\"v1\"" { return FetchResponse(status: .notModified, etag: "\"v1\"") }
            return FetchResponse(status: .ok, body: document, etag: "\"v1\"", cacheControl: "max-age=600")
        }
        let first = try await harness.cache.refresh()
        #expect(harness.fetcher.requests.last?.etag == nil)
        harness.clock.advance(by: .seconds(500))
        let second = try await harness.cache.refresh()
        #expect(harness.fetcher.requests.last?.etag == "\"v1\"")
        #expect(second.keys.keys.first?.identity == first.keys.keys.first?.identity)
        #expect(second.expiresAt > first.expiresAt)
    }

    /// Whether the refresh service is parked on the clock with no fetch in flight: the state it
    /// leaves at the end of each step, just before it sleeps.
    private static func parked(_ harness: KeySetHarness) -> Bool {
        harness.clock.sleeperCount == 1 && !harness.cache.state.withLock { $0.machine.fetchInFlight }
    }

    @Test("The background service pre-warms, then refreshes ahead at about 80 % of the lifetime", .timeLimit(.minutes(1)))
    func refreshAhead() async throws {
        let harness = KeySetHarness(cacheControl: "max-age=1000")
        let service = KeySetRefreshService(caches: [harness.cache])
        let running = Task { try await service.run() }
        defer { running.cancel() }
        await harness.clock.waitUntil { harness.fetchCount == 1 && Self.parked(harness) }
        #expect(harness.cache.isReady)
        // Not due before 75 %: the service wakes, looks, and parks again without fetching.
        harness.clock.advance(by: .seconds(700))
        await harness.clock.waitUntil { Self.parked(harness) }
        #expect(harness.fetchCount == 1)
        // Due by 85 %.
        harness.clock.advance(by: .seconds(160))
        await harness.clock.waitUntil { harness.fetchCount == 2 && Self.parked(harness) }
        #expect(harness.fetchCount == 2)
        running.cancel()
        _ = try? await running.value
    }

    @Test("Durable last-known-good: a restart while the provider is down still verifies")
    func durableLastKnownGood() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokengate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keys.json").path
        let harness = KeySetHarness { $0.persistencePath = path }
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
        harness.fail(status: 500)
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
    }

    @Test("A flood of 10 000 concurrent tokens with random unknown kids costs at most one fetch per cooldown")
    func flood() async throws {
        let harness = KeySetHarness { $0.negativeCacheLimit = 256 }
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
        #expect(failures == 10_000)
        // One fetch at warm-up, at most one more for the whole flood (one cooldown window).
        #expect(harness.fetchCount <= 2)
        #expect(harness.cache.negativeCacheCount <= 256)
        // The next cooldown window allows one more refresh, no more.
        harness.clock.advance(by: .seconds(31))
        for token in all.prefix(200) {
            _ = await asyncTokenError { _ = try await harness.issuer.verify(token) }
        }
        #expect(harness.fetchCount <= 3)
    }

    @Test("Single-flight: the fetch survives cancellation of the request that started it", .timeLimit(.minutes(1)))
    func singleFlightSurvivesCancellation() async throws {
        let harness = KeySetHarness()
        harness.fetcher.hold(KeySetHarness.url)
        let issuer = harness.issuer
        let first = try token(Fixtures.es256)
        let starter = Task { _ = try await issuer.verify(first) }
        await harness.fetcher.waitUntilHeld(1)
        starter.cancel()
        // Cancellation reaches a fetch synchronously: had it been the starter's child, it
        // would have been cancelled by now.
        #expect(harness.fetcher.cancelledWhileHeld == 0)
        #expect(harness.fetcher.heldCount == 1)
        // A second request joins the same fetch and succeeds.
        let second = try token(Fixtures.es256)
        let joiner = Task { try await issuer.verify(second) }
        harness.fetcher.release(KeySetHarness.url)
        _ = try await joiner.value
        #expect(harness.fetchCount == 1)
        #expect(harness.fetcher.cancelledWhileHeld == 0)
        _ = try? await starter.value
    }

    @Test("OIDC discovery finds jwks_uri; a document naming another issuer is refused")
    func discovery() async throws {
        let issuer = "https://id.example/tenant"
        let discoveryURL = issuer + "/.well-known/openid-configuration"
        let jwksURL = "https://id.example/jwks"
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(#"{"issuer":"\#(issuer)","jwks_uri":"\#(jwksURL)"}"#, at: discoveryURL)
        fetcher.serve(TestSigningKey.jwksJSON([Fixtures.es256]), at: jwksURL)
        let cache = KeySetCache(configuration: .init(source: .discovery(issuer: issuer)), fetcher: fetcher)
        let snapshot = try await cache.refresh()
        #expect(snapshot.keys.contains(keyID: "ec-1"))
        #expect(fetcher.requests.map(\.url) == [discoveryURL, jwksURL])

        fetcher.serve(#"{"issuer":"https://evil.example","jwks_uri":"\#(jwksURL)"}"#, at: discoveryURL)
        let other = KeySetCache(configuration: .init(source: .discovery(issuer: issuer)), fetcher: fetcher)
        let error = await asyncTokenError { try await other.refresh() }
        #expect(error?.code == .discoveryMismatch)
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
        let discovery = KeySetCache.Configuration(
            source: .discovery(url: "https://a:b@id.example/.well-known/openid-configuration?x=1", issuer: "https://id.example")
        )
        #expect(discovery.name == "https://id.example/.well-known/openid-configuration")
    }

    @Test("Several issuers: each uses only its own keys; an unconfigured issuer is refused without any request")
    func severalIssuers() async throws {
        let keyA = try TestSigningKey.generate(.es256, keyID: "a")
        let keyB = try TestSigningKey.generate(.es256, keyID: "b")
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(TestSigningKey.jwksJSON([keyA]), at: "https://keys.example/a")
        fetcher.serve(TestSigningKey.jwksJSON([keyB]), at: "https://keys.example/b")
        func issuer(_ name: String) -> IssuerVerifier {
            let cache = KeySetCache(configuration: .init(source: .jwks(url: "https://keys.example/" + name)), fetcher: fetcher)
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
        let before = fetcher.requests.count
        let unknown = await asyncTokenError { _ = try await directory.verify(try keyA.token(claims: claims("https://c.example"))) }
        #expect(unknown?.code == .invalidIssuer)
        #expect(fetcher.requests.count == before)
    }
}

@Suite("No request is ever caused by token content")
struct TokenContentRequestTests {
    @Test("jku, x5u, jwk and x5c naming a served key set cause no request, through the whole verification path")
    func embeddedURLsNeverFetched() async throws {
        let harness = KeySetHarness()
        let attacker = try TestSigningKey.generate(.es256, keyID: "attacker")
        // The trap is served by the cache's own fetcher (the only way the library reaches the
        // network), so any request for it would be both recorded and answered with a usable key.
        let trap = "https://trap.example"
        harness.fetcher.serve(TestSigningKey.jwksJSON([attacker]), at: trap + "/jwks")
        let header: [String: JSONValue] = [
            "jku": .string(trap + "/jwks"),
            "x5u": .string(trap + "/cert"),
            "jwk": .object(attacker.publicJWK()),
            "x5c": ["MIIB"],
        ]
        // Unknown kid (triggers a refresh of the configured source only), known kid with a forged
        // signature, and a foreign issuer.
        let tokens = [
            try attacker.token(claims: Fixtures.claims(), header: header),
            try attacker.with(keyID: "ec-1").token(claims: Fixtures.claims(), header: header),
            try attacker.token(claims: Fixtures.claims(["iss": .string(trap)]), header: header),
        ]
        for token in tokens {
            let error = await asyncTokenError { _ = try await harness.issuer.verify(token) }
            #expect(error != nil)
        }
        #expect(!harness.fetcher.requests.isEmpty)
        #expect(harness.fetcher.requests.allSatisfy { $0.url == KeySetHarness.url })
    }
}
