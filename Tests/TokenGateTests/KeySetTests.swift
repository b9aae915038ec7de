import Testing
import TokenGateTesting

@testable import TokenGate

@Suite("JWKS parsing: unusable members are skipped, never fatal")
struct KeySetTests {
    private func set(_ members: [JSONValue]) throws -> KeySet {
        try KeySet(jwksJSON: JSONValue.object(["keys": .array(members)]).serialized)
    }

    private var good: JSONValue { .object(Fixtures.es256.publicJWK()) }

    @Test("Each unusable member is skipped with its reason, and the good key still works")
    func skipsUnusable() throws {
        var offCurve = Fixtures.es256.publicJWK()
        offCurve["kid"] = "off-curve"
        offCurve["y"] = .string(Base64URL.encode([UInt8](repeating: 7, count: 32)))
        var shortX = Fixtures.es256.publicJWK()
        shortX["kid"] = "short-x"
        shortX["x"] = .string(Base64URL.encode([UInt8](repeating: 7, count: 31)))
        var encryption = Fixtures.rs256.publicJWK()
        encryption["kid"] = "enc"
        encryption["use"] = "enc"
        var wrapOnly = Fixtures.rs256.publicJWK()
        wrapOnly["kid"] = "wrap"
        wrapOnly["key_ops"] = ["wrapKey"]
        var badBase64 = Fixtures.rs256.publicJWK()
        badBase64["kid"] = "bad-base64"
        badBase64["n"] = "not+base64/=="
        var wrongAlg = Fixtures.es256.publicJWK()
        wrongAlg["kid"] = "wrong-alg"
        wrongAlg["alg"] = "RS256"
        var privateMaterial = Fixtures.es256.publicJWK()
        privateMaterial["kid"] = "private"
        privateMaterial["d"] = "AAAA"
        let weak = try TestSigningKey.generateWeakRSA(bits: 1024, keyID: "rsa-1024")
        let members: [JSONValue] = [
            good,
            ["kty": "oct", "kid": "oct", "k": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
            .object(encryption), .object(wrapOnly), .object(weak.publicJWK()),
            ["kty": "AKP", "kid": "ml-dsa", "alg": "ML-DSA-65", "pub": "AAAA"],
            .object(badBase64), .object(offCurve), .object(shortX), .object(wrongAlg), .object(privateMaterial),
            "not an object", 42, ["kid": "no-kty"],
            ["kty": "OKP", "crv": "X25519", "kid": "x25519", "x": .string(Base64URL.encode([UInt8](repeating: 9, count: 32)))],
        ]
        let keys = try set(members)
        #expect(keys.keys.count == 1)
        #expect(keys.skipped.count == members.count - 1)
        #expect(Set(keys.skipped.map(\.index)) == Set(1..<members.count))
        #expect(keys.skipped.first { $0.keyID == "rsa-1024" }?.reason.contains("2048") == true)
        #expect(keys.skipped.first { $0.keyID == "off-curve" }?.reason == "EC point not on the curve")
        let token = try Fixtures.es256.token(claims: Fixtures.claims())
        #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: keys, now: Fixtures.now) } == nil)
    }

    @Test(
        "A document that is not an object with a keys array is refused as a whole",
        arguments: [
            "", "[]", "{}", #"{"keys": {}}"#, #"{"keys": [1,]}"#, #"{"keys": [], "keys": []}"#, "null",
        ]
    )
    func refusesDocument(text: String) {
        #expect(throws: TokenGateError(.invalidKeySet)) { try KeySet(jwksJSON: text) }
    }

    @Test("Members past the key cap are skipped")
    func keyCap() throws {
        let members = (0..<5).map { index -> JSONValue in
            var jwk = Fixtures.es256.publicJWK()
            jwk["kid"] = .string("k\(index)")
            return .object(jwk)
        }
        let keys = try KeySet(jwksJSON: JSONValue.object(["keys": .array(members)]).serialized, maximumKeys: 3)
        #expect(keys.keys.count == 3)
        #expect(keys.skipped.map(\.reason) == ["over the key count cap", "over the key count cap"])
    }

    @Test("A key is found by its kid in sets of 1 to 40 keys, and only by it", arguments: [1, 8, 9, 40])
    func lookupByKid(count: Int) throws {
        let keys = try (0..<count).map { try TestSigningKey.generate(.es256, keyID: "key-\($0)-of-a-set-with-a-long-kid") }
        let set = try TestSigningKey.keySet(keys)
        #expect(set.keys.count == count)
        for key in [keys[0], keys[count / 2], keys[count - 1]] {
            let token = try key.token(claims: Fixtures.claims())
            #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: set, now: Fixtures.now) } == nil)
            #expect(set.candidates(for: key.keyID).map(\.keyID) == [key.keyID])
        }
        // A kid one character off, a prefix, and another key's token under a known kid.
        #expect(set.candidates(for: "key-0-of-a-set-with-a-long-ki").isEmpty && set.candidates(for: "key-0-of-a-set-with-a-long-kid ").isEmpty)
        let stranger = try TestSigningKey.generate(.es256, keyID: keys[0].keyID)
        let forged = try stranger.token(claims: Fixtures.claims())
        #expect(tokenError { _ = try Fixtures.verifier().verify(forged, keys: set, now: Fixtures.now) }?.code == .invalidSignature)
    }

    @Test("A kid shared by two different keys is ambiguous and refused; an exact duplicate is kept once")
    func duplicateKid() throws {
        let other = try TestSigningKey.generate(.es256, keyID: Fixtures.es256.keyID)
        let ambiguous = try TestSigningKey.keySet([Fixtures.es256, other])
        #expect(ambiguous.keys.isEmpty)
        #expect(ambiguous.skipped.map(\.reason) == ["kid shared by different keys"])
        let token = try Fixtures.es256.token(claims: Fixtures.claims())
        #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: ambiguous, now: Fixtures.now) }?.code == .unknownKey)

        let duplicated = try TestSigningKey.keySet([Fixtures.es256, Fixtures.es256])
        #expect(duplicated.keys.count == 1)
        #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: duplicated, now: Fixtures.now) } == nil)

        // Same kid, different key types: not ambiguous, each serves its own algorithm.
        let mixed = try TestSigningKey.keySet([Fixtures.es256, Fixtures.rs256.with(keyID: Fixtures.es256.keyID)])
        #expect(mixed.keys.count == 2)
        #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: mixed, now: Fixtures.now) } == nil)
    }

    /// The encodings of Ed25519's points of small order: y = 1 (the identity), p - 1, 0 (order 4)
    /// and the two y of order 8, then the non-canonical p and p + 1, each with both sign bits.
    static let smallOrderEncodings: [String] = {
        let ys = [
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        ]
        return ys + ys.map { String($0.dropLast(2)) + String(UInt8($0.suffix(2), radix: 16)! | 0x80, radix: 16) }
    }()

    @Test("An Ed25519 key of small order is refused: under the identity point a made-up signature verifies", arguments: smallOrderEncodings)
    func smallOrderEd25519(_ encoding: String) throws {
        let keys = try self.set([["kty": "OKP", "crv": "Ed25519", "kid": "small", "x": .string(Base64URL.encode(Vectors.hex(encoding)))], good])
        #expect(keys.keys.count == 1)
        #expect(keys.skipped.count == 1 && keys.skipped.first?.reason.contains("small order") == true, "\(keys.skipped)")
        // R = the base point B, s = 1: [s]B = R + [k]A holds whenever [k]A is the identity.
        let signature = Vectors.hex("5866666666666666666666666666666666666666666666666666666666666666") + [1] + [UInt8](repeating: 0, count: 31)
        let forged = [
            Base64URL.encode(Array(#"{"alg":"EdDSA","kid":"small"}"#.utf8)),
            Base64URL.encode(JSONValue.object(Fixtures.claims()).serializedBytes),
            Base64URL.encode(signature),
        ].joined(separator: ".")
        #expect(verificationCode(Fixtures.verifier(), forged, keys: keys, now: Fixtures.now) == .unknownKey)
    }

    @Test("A key with the ROCA fingerprint is refused, a fresh RSA key is not")
    func roca() throws {
        let components = Base64URL.decode(try #require(Fixtures.rs256.publicJWK()["n"]?.stringValue))!
        #expect(!ROCAFingerprint.matches(modulus: components))
    }
}
