import Testing

@testable import TokenGate

/// Wycheproof signature-primitive vectors, driven through ``VerificationKey`` (the layer the
/// JWS verifier calls): messages are arbitrary bytes, so they cannot be JWS signing inputs.
@Suite("Wycheproof signature primitives")
struct PrimitiveVectorTests {
    struct File: CustomTestStringConvertible, Sendable {
        let path: String
        let algorithm: JWSAlgorithm
        var testDescription: String { path }
    }

    static let files: [File] = [
        File(path: "rsa_signature_2048_sha256_test.json", algorithm: .rs256),
        File(path: "rsa_signature_2048_sha384_test.json", algorithm: .rs384),
        File(path: "rsa_signature_2048_sha512_test.json", algorithm: .rs512),
        File(path: "rsa_pss_2048_sha256_mgf1_32_test.json", algorithm: .ps256),
        File(path: "rsa_pss_2048_sha384_mgf1_48_test.json", algorithm: .ps384),
        File(path: "ecdsa_secp256r1_sha256_p1363_test.json", algorithm: .es256),
        File(path: "ecdsa_secp384r1_sha384_p1363_test.json", algorithm: .es384),
        File(path: "ecdsa_secp521r1_sha512_p1363_test.json", algorithm: .es512),
        File(path: "ed25519_test.json", algorithm: .edDSA),
    ]

    @Test("Every verify vector gives its published result", arguments: files)
    func vectors(file: File) throws {
        let document = try Vectors.load("wycheproof/\(file.path)")
        var counts = (valid: 0, invalid: 0, acceptable: 0)
        for group in try #require(document["testGroups"]?.arrayValue) {
            let key = try self.key(group: group, algorithm: file.algorithm)
            for test in group["tests"]?.arrayValue ?? [] {
                let message = Vectors.hex(test["msg"]?.stringValue ?? "")
                let signature = Vectors.hex(test["sig"]?.stringValue ?? "")
                let accepted = message.withUnsafeBytes { input in
                    key.isValidSignature(signature, signingInput: input, algorithm: file.algorithm)
                }
                switch test["result"]?.stringValue {
                case "valid":
                    counts.valid += 1
                    #expect(accepted, "tcId \(test["tcId"]?.doubleValue ?? -1) should verify")
                case "invalid":
                    counts.invalid += 1
                    #expect(!accepted, "tcId \(test["tcId"]?.doubleValue ?? -1) \(test["comment"]?.stringValue ?? "") should fail")
                default:
                    counts.acceptable += 1  // "acceptable": either outcome conforms
                }
            }
        }
        #expect(counts.valid > 0)
        #expect(counts.invalid > 0)
    }

    private func key(group: JSONValue, algorithm: JWSAlgorithm) throws -> VerificationKey {
        if let jwk = group["publicKeyJwk"]?.objectValue {
            var members = jwk
            members["kid"] = nil
            members["alg"] = .string(algorithm.name)
            return try VerificationKey(jwk: members)
        }
        if let point = group["publicKey"]?["uncompressed"]?.stringValue {
            let bytes = Vectors.hex(point)
            let size = (bytes.count - 1) / 2
            let curve = [32: "P-256", 48: "P-384", 66: "P-521"][size] ?? "?"
            return try VerificationKey(jwk: [
                "kty": "EC", "crv": .string(curve), "x": .string(Base64URL.encode(bytes[1...size])),
                "y": .string(Base64URL.encode(bytes[(size + 1)...])), "alg": .string(algorithm.name),
            ])
        }
        // RSA files carry the modulus and exponent as hex.
        let modulus = group["publicKey"]?["modulus"]?.stringValue ?? group["n"]?.stringValue
        let exponent = group["publicKey"]?["publicExponent"]?.stringValue ?? group["e"]?.stringValue
        let n = Vectors.hex(try #require(modulus)).drop { $0 == 0 }
        let e = Vectors.hex(try #require(exponent))
        return try VerificationKey(jwk: [
            "kty": "RSA", "n": .string(Base64URL.encode(n)), "e": .string(Base64URL.encode(e)), "alg": .string(algorithm.name),
        ])
    }
}
