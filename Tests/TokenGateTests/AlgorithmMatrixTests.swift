import Testing
import TokenGateTesting

@testable import TokenGate

@Suite("Every algorithm, signed and verified with run-time keys")
struct AlgorithmMatrixTests {
    static let asymmetric: [JWSAlgorithm] = [.rs256, .rs384, .rs512, .ps256, .ps384, .ps512, .es256, .es384, .es512, .edDSA, .ed25519]

    @Test("A fresh key signs a token that verifies; the same token with another kid does not", arguments: asymmetric)
    func roundTrip(algorithm: JWSAlgorithm) throws {
        let key = try TestSigningKey.generate(algorithm, keyID: "k-\(algorithm.name)")
        let keys = try TestSigningKey.keySet([key])
        let token = try key.token(claims: Fixtures.claims())
        let verified = try Fixtures.verifier().verify(token, keys: keys, now: Fixtures.now)
        #expect(verified.header.algorithm == algorithm)
        #expect(verified.keyID == "k-\(algorithm.name)")
        #expect(verified.claims.subject == "user-1")
        #expect(verified.claims.scopes == ["openid", "appid_default", "read"])
        #expect(verified.raw == token)

        let otherKid = try key.token(claims: Fixtures.claims(), header: ["kid": "someone-else"])
        #expect(tokenError { _ = try Fixtures.verifier().verify(otherKid, keys: keys, now: Fixtures.now) }?.code == .unknownKey)
    }

    @Test("A JWK without alg accepts every algorithm of its family, and only those", arguments: [JWSAlgorithm.rs256, .ps512])
    func rsaFamily(algorithm: JWSAlgorithm) throws {
        let keys = try TestSigningKey.keySet([Fixtures.rs256], includeAlgorithm: false)
        let token = try Fixtures.rs256.with(algorithm: algorithm).token(claims: Fixtures.claims())
        #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: keys, now: Fixtures.now) } == nil)
    }

    @Test("A JWK's alg binds the key: a token cannot pick another algorithm of the same family")
    func algBindsKey() throws {
        let keys = try TestSigningKey.keySet([Fixtures.rs256])  // JWK says RS256
        let token = try Fixtures.rs256.with(algorithm: .ps256).token(claims: Fixtures.claims())
        #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: keys, now: Fixtures.now) }?.code == .keyAlgorithmMismatch)
    }

    @Test("The algorithm allow-list is enforced before any key is used")
    func allowList() throws {
        let token = try Fixtures.es256.token(claims: Fixtures.claims())
        let verifier = Fixtures.verifier { $0.algorithms = [.rs256] }
        #expect(tokenError { _ = try verifier.verify(token, keys: Fixtures.keySet, now: Fixtures.now) }?.code == .disallowedAlgorithm)
    }

    @Test("HMAC works only with a secret configured for the issuer", arguments: [JWSAlgorithm.hs256, .hs384, .hs512])
    func hmac(algorithm: JWSAlgorithm) throws {
        let key = try TestSigningKey.generate(algorithm, keyID: "shared")
        let token = try key.token(claims: Fixtures.claims())
        // Not configured: refused, whatever the key set holds.
        #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: Fixtures.keySet, now: Fixtures.now) }?.code == .disallowedAlgorithm)
        let configured = Fixtures.verifier { $0.secrets = [try! key.verificationKey()] }
        #expect(tokenError { _ = try configured.verify(token, keys: .empty, now: Fixtures.now) } == nil)
        // A secret one bit off fails.
        var secret = try #require(key.secret)
        secret[0] ^= 1
        let wrong = Fixtures.verifier { $0.secrets = [try! VerificationKey.hmac(secret: secret, algorithm: algorithm, keyID: "shared")] }
        #expect(tokenError { _ = try wrong.verify(token, keys: .empty, now: Fixtures.now) }?.code == .invalidSignature)
    }

    @Test("HMAC secrets shorter than the hash output are refused")
    func shortSecret() {
        #expect(throws: TokenGateError(.invalidKey)) { try VerificationKey.hmac(secret: [UInt8](repeating: 1, count: 31), algorithm: .hs256) }
        #expect(throws: TokenGateError(.invalidKey)) { try VerificationKey.hmac(secret: [UInt8](repeating: 1, count: 63), algorithm: .hs512) }
        #expect(throws: TokenGateError(.invalidKey)) { try VerificationKey.hmac(secret: [UInt8](repeating: 1, count: 64), algorithm: .rs256) }
    }

    @Test("A token without kid verifies only against a set of exactly one key")
    func noKid() throws {
        let key = try TestSigningKey.generate(.es256, withoutKeyID: ())
        let token = try key.token(claims: Fixtures.claims())
        let single = try TestSigningKey.keySet([key])
        #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: single, now: Fixtures.now) } == nil)
        let several = try TestSigningKey.keySet([key, Fixtures.es256])
        #expect(several.keys.count == 1)  // the kid-less key is skipped in a set of several
        // The set's one remaining key is tried, and it is the wrong one.
        #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: several, now: Fixtures.now) }?.code == .invalidSignature)
        let two = try TestSigningKey.keySet([Fixtures.es256, Fixtures.rs256])
        #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: two, now: Fixtures.now) }?.code == .unknownKey)
    }
}
