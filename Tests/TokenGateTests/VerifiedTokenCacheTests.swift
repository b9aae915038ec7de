import Synchronization
import Testing
import TokenGateTesting

@testable import TokenGate

@Suite("Verified-token cache")
struct VerifiedTokenCacheTests {
    /// Counts full verifications: validators run only then, never on a cache hit.
    final class Counter: Sendable {
        let value = Mutex(0)
        var count: Int { self.value.withLock { $0 } }
        var validator: ClaimValidator { ClaimValidator { _ in self.value.withLock { $0 += 1 } } }
    }

    private func issuer(
        _ harness: KeySetHarness,
        counter: Counter,
        configuration: VerifiedTokenCache.Configuration = .init()
    ) -> (IssuerVerifier, VerifiedTokenCache) {
        let cache = VerifiedTokenCache(configuration: configuration)
        let verifier = Fixtures.verifier { $0.validators = [counter.validator] }
        return (IssuerVerifier(verifier: verifier, keys: harness.cache, tokenCache: cache, wallClock: harness.clock), cache)
    }

    @Test("A repeated token is verified once; time claims are still checked on every hit")
    func hitAndExpiry() async throws {
        let harness = KeySetHarness()
        let counter = Counter()
        let (issuer, cache) = issuer(harness, counter: counter)
        let token = try Fixtures.es256.token(claims: Fixtures.claims())
        for _ in 0..<5 { _ = try await issuer.verify(token) }
        #expect(counter.count == 1)
        #expect(cache.count == 1)
        // exp is now + 3600 with a 60 s leeway: still valid at +3659, not at +3660.
        harness.clock.advance(by: .seconds(3659))
        _ = try await issuer.verify(token)
        #expect(counter.count == 1)
        harness.clock.advance(by: .seconds(1))
        let error = await asyncTokenError { _ = try await issuer.verify(token) }
        #expect(error?.code == .expired)
        #expect(cache.count == 0)
    }

    @Test("Keys are the exact bytes: a canonically equivalent text is another key")
    func exactBytes() {
        typealias Key = VerifiedTokenCache.TokenKey
        // String's == calls these equal (U+212A KELVIN SIGN decomposes to "K"; "e" + U+0301 is "é").
        #expect("abcK.def" == "abc\u{212A}.def")
        #expect(Key(text: "abcK.def") != Key(text: "abc\u{212A}.def"))
        #expect(Key(text: "x.\u{e9}") != Key(text: "x.e\u{301}"))
        #expect(Key(text: "a.b.c") == Key(text: String("xa.b.c".dropFirst())))
        #expect(Key(text: "a.b.c") != Key(text: "a.b.C"))
        #expect(Key(text: "") == Key(text: ""))
        #expect(Key(text: "") != Key(text: "a"))
    }

    @Test("A wall clock moved back before nbf makes a cached token not yet valid again")
    func notBefore() async throws {
        let harness = KeySetHarness()
        let counter = Counter()
        let (issuer, _) = issuer(harness, counter: counter)
        let nbf = Int64(Fixtures.now.secondsSinceEpoch)
        let token = try Fixtures.es256.token(claims: Fixtures.claims(["nbf": .number(JSONNumber(nbf))]))
        _ = try await issuer.verify(token)
        harness.clock.setWallClock(Fixtures.now.adding(.seconds(-600)))
        let error = await asyncTokenError { _ = try await issuer.verify(token) }
        #expect(error?.code == .notYetValid)
    }

    @Test("An entry is dropped as soon as its key leaves the key set")
    func keyRemoved() async throws {
        let leaving = try TestSigningKey.generate(.es256, keyID: "leaving")
        let harness = KeySetHarness(keys: [Fixtures.es256, leaving])
        let counter = Counter()
        let (issuer, cache) = issuer(harness, counter: counter)
        let kept = try Fixtures.es256.token(claims: Fixtures.claims())
        let dropped = try leaving.token(claims: Fixtures.claims())
        _ = try await issuer.verify(kept)
        _ = try await issuer.verify(dropped)
        #expect(cache.count == 2)
        harness.serve([Fixtures.es256])
        try await harness.cache.refresh()
        let error = await asyncTokenError { _ = try await issuer.verify(dropped) }
        #expect(error?.code == .unknownKey)
        // The token whose key stayed is still served from the cache.
        _ = try await issuer.verify(kept)
        #expect(counter.count == 2)
        #expect(cache.count == 1)
        // A key re-published under the same kid with other material does not revive old entries.
        let impostor = try TestSigningKey.generate(.es256, keyID: "ec-1")
        harness.serve([impostor])
        try await harness.cache.refresh()
        let stale = await asyncTokenError { _ = try await issuer.verify(kept) }
        #expect(stale?.code == .invalidSignature)
        #expect(cache.count == 0)
    }

    @Test("The cache is bounded in entries and in bytes, evicting the least recently used")
    func bounded() async throws {
        let harness = KeySetHarness()
        let counter = Counter()
        var limits = VerifiedTokenCache.Configuration()
        limits.maximumEntries = 3
        let (issuer, cache) = issuer(harness, counter: counter, configuration: limits)
        let tokens = try (0..<5).map { try Fixtures.es256.token(claims: Fixtures.claims(["sub": .string("user-\($0)")])) }
        for token in tokens { _ = try await issuer.verify(token) }
        #expect(cache.count == 3)
        #expect(counter.count == 5)
        // The most recent three are hits; the first was evicted.
        for token in tokens[2...] { _ = try await issuer.verify(token) }
        #expect(counter.count == 5)
        _ = try await issuer.verify(tokens[0])
        #expect(counter.count == 6)

        var small = VerifiedTokenCache.Configuration()
        small.maximumBytes = tokens[0].utf8.count * 2 + 10
        let byBytes = VerifiedTokenCache(configuration: small)
        let other = IssuerVerifier(verifier: Fixtures.verifier(), keys: harness.cache, tokenCache: byBytes, wallClock: harness.clock)
        for token in tokens { _ = try await other.verify(token) }
        #expect(byBytes.count == 2)
    }

    @Test("Failed verifications are never cached")
    func failuresNotCached() async throws {
        let harness = KeySetHarness()
        let counter = Counter()
        let (issuer, cache) = issuer(harness, counter: counter)
        let forged = try TestSigningKey.generate(.es256, keyID: "ec-1").token(claims: Fixtures.claims())
        for _ in 0..<3 {
            let error = await asyncTokenError { _ = try await issuer.verify(forged) }
            #expect(error?.code == .invalidSignature)
        }
        #expect(cache.count == 0)
    }
}
