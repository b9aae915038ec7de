import CryptoExtras
import TokenGate

/// The RSA public key that verifies custom-identity assertions (the JWT-bearer grant), read
/// from PEM once and held as a one-key ``KeySet``, so the package's own verifier checks them.
enum CustomIdentityKey {
    /// Parses an SPKI or PKCS#1 PEM RSA public key of at least 2048 bits.
    /// - Parameter keyID: The `kid` the assertion names, if any: the one configured key is the
    ///   only candidate whatever the assertion says, so it is given that label.
    static func parse(_ pem: String, keyID: String? = nil) throws(LocalIssuerError) -> KeySet {
        do {
            let key = try _RSA.Signing.PublicKey(pemRepresentation: pem)
            let primitives = try key.getKeyPrimitives()
            var jwk: [String: JSONValue] = [
                "kty": "RSA", "alg": "RS256", "use": "sig",
                "n": .string(Base64URL.encode(Array(primitives.modulus))),
                "e": .string(Base64URL.encode(Array(primitives.publicExponent))),
            ]
            if let keyID { jwk["kid"] = .string(keyID) }
            return KeySet(keys: [try VerificationKey(jwk: jwk)])
        } catch {
            throw LocalIssuerError(.invalidRequest, "publicKey must be a PEM RSA public key of at least 2048 bits")
        }
    }
}
