import Testing
import TokenGateTesting

@testable import TokenGate

/// The verified-token cache identifies key sets and verifiers by values that are never reused,
/// not by object addresses, and never serves a token to a verifier that did not accept it.
@Suite("Verified-token cache identity")
struct TokenCacheIdentityTests {
    private func snapshot(_ keys: KeySet) -> KeySetSnapshot {
        KeySetSnapshot(
            keys: keys,
            fetchedAt: .zero,
            expiresAt: .seconds(3600),
            refreshAt: .seconds(2880),
            etag: nil,
            document: [],
            fetchedAtWallClock: Fixtures.now
        )
    }

    @Test("A key set allocated where an earlier one lived is still checked for the token's key")
    func addressReuse() throws {
        let leaving = try TestSigningKey.generate(.es256, keyID: "leaving")
        let verifier = Fixtures.verifier()
        let cache = VerifiedTokenCache()
        let token = try leaving.token(claims: Fixtures.claims())
        let withKey = try TestSigningKey.keySet([leaving, Fixtures.es256])
        let withoutKey = try TestSigningKey.keySet([Fixtures.es256])
        let now = Fixtures.now.secondsSinceEpoch

        var first: KeySetSnapshot? = self.snapshot(withKey)
        let firstAddress = ObjectIdentifier(first!)
        let (verified, key) = try Self.verifyReturningKey(verifier, token, keys: withKey)
        cache.insert(verified, keyIdentity: key.identity, verifier: verifier.identity, snapshot: first!)
        first = nil

        // The allocator hands the freed memory to a later snapshot of the same size (on Linux
        // usually the very next one); the later key set no longer holds the token's key.
        var later = self.snapshot(withoutKey)
        var reused = ObjectIdentifier(later) == firstAddress
        for _ in 0..<10_000 where !reused {
            later = self.snapshot(withoutKey)
            reused = ObjectIdentifier(later) == firstAddress
        }
        withKnownIssue("the allocator did not reuse the address within the bound", isIntermittent: true) {
            #expect(reused)
        }
        #expect(cache.lookup(token, verifier: verifier.identity, snapshot: later, now: now, leeway: 60) == nil)
        #expect(cache.statistics.keyRemovals == 1)
    }

    @Test("A renewed key set (304) keeps its generation; a new fetch gets a new one")
    func generations() throws {
        let first = self.snapshot(Fixtures.keySet)
        let renewed = first.renewed(fetchedAt: .seconds(1), expiresAt: .seconds(2), refreshAt: .seconds(1), wallClock: Fixtures.now, etag: nil)
        let refetched = self.snapshot(Fixtures.keySet)
        #expect(renewed.generation == first.generation)
        #expect(refetched.generation != first.generation)
    }

    @Test("Two verifiers sharing one cache never accept each other's tokens")
    func sharedBetweenVerifiers() async throws {
        let harness = KeySetHarness()
        let cache = VerifiedTokenCache()
        let api = IssuerVerifier(
            verifier: Fixtures.verifier { $0.audience = .oneOf(["api"]) },
            keys: harness.cache,
            tokenCache: cache,
            wallClock: harness.clock
        )
        let client = IssuerVerifier(verifier: Fixtures.verifier(), keys: harness.cache, tokenCache: cache, wallClock: harness.clock)
        // An identity token for the client (aud = client-1): the client's verifier accepts it.
        let identityToken = try Fixtures.es256.token(claims: Fixtures.claims())
        _ = try await client.verify(identityToken)
        _ = try await client.verify(identityToken)
        // The API's verifier must still check the audience itself.
        let error = await asyncTokenError { _ = try await api.verify(identityToken) }
        #expect(error?.code == .invalidAudience)
        // Each verifier keeps its own entries: a token both accept is cached once for each
        // (beside the identity token's entry for the client).
        let both = try Fixtures.es256.token(claims: Fixtures.claims(["aud": ["api", .string(Fixtures.audience)]]))
        _ = try await api.verify(both)
        _ = try await client.verify(both)
        #expect(cache.count == 3)
    }

    @Test("A copy of a verifier is the same verifier; an equal configuration built twice is another")
    func verifierIdentity() {
        let verifier = Fixtures.verifier()
        let copy = verifier
        #expect(copy.identity == verifier.identity)
        #expect(Fixtures.verifier().identity != verifier.identity)
    }

    /// Verifies `token` and returns the key that verified it.
    static func verifyReturningKey(_ verifier: TokenVerifier, _ token: String, keys: KeySet) throws -> (VerifiedToken, VerificationKey) {
        var parts = try verifier.parts(of: token)
        return try verifier.verify(&parts, keys: keys, now: Fixtures.now)
    }
}
