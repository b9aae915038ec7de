public import Crypto
public import CryptoExtras
import FoundationEssentials
public import TokenGate

/// A private signing key generated at run time, for tests and local development.
///
/// No private key is ever checked in: every key is made fresh. The matching public JWK is
/// ``publicJWK``; ``keySet(_:)`` turns several keys into a ``KeySet`` the verifier can use.
///
/// ```swift
/// let key = try TestSigningKey.generate(.es256, keyID: "k1")
/// let token = try key.token(claims: ["iss": "https://issuer.test", "aud": "api", "exp": 4_000_000_000])
/// ```
public struct TestSigningKey: Sendable {
    enum Material: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
        case p521(P521.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
        case hmac(SymmetricKey)
    }

    /// The algorithm this key signs with.
    public let algorithm: JWSAlgorithm
    /// The key id put in token headers and in the JWK, if any.
    public let keyID: String?
    let material: Material

    /// Generates a fresh key.
    /// - Parameters:
    ///   - algorithm: The algorithm to sign with.
    ///   - keyID: The `kid`; a random one when omitted, none when `nil` is passed explicitly via ``generate(_:withoutKeyID:)``.
    ///   - rsaBits: The RSA modulus size (default 2048).
    /// - Throws: When swift-crypto cannot make the key.
    public static func generate(_ algorithm: JWSAlgorithm, keyID: String? = nil, rsaBits: Int = 2048) throws -> TestSigningKey {
        try TestSigningKey(algorithm: algorithm, keyID: keyID ?? randomKeyID(), rsaBits: rsaBits)
    }

    /// Generates a fresh key whose JWK and tokens carry no `kid`.
    /// - Throws: When swift-crypto cannot make the key.
    public static func generate(_ algorithm: JWSAlgorithm, withoutKeyID: Void) throws -> TestSigningKey {
        try TestSigningKey(algorithm: algorithm, keyID: nil, rsaBits: 2048)
    }

    /// Generates a fresh RSA key of a size the verifier refuses (for hostile tests).
    /// - Throws: When swift-crypto cannot make the key.
    public static func generateWeakRSA(bits: Int, keyID: String) throws -> TestSigningKey {
        TestSigningKey(algorithm: .rs256, keyID: keyID, material: .rsa(try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: bits))))
    }

    /// Wraps an ES256 key made elsewhere (a client's `private_key_jwt` key, say), for its
    /// ``publicJWK`` and tokens.
    public init(es256 key: P256.Signing.PrivateKey, keyID: String?) {
        self.init(algorithm: .es256, keyID: keyID, material: .p256(key))
    }

    /// Wraps an RS256 key made elsewhere (see ``init(es256:keyID:)``).
    public init(rs256 key: _RSA.Signing.PrivateKey, keyID: String?) {
        self.init(algorithm: .rs256, keyID: keyID, material: .rsa(key))
    }

    init(algorithm: JWSAlgorithm, keyID: String?, material: Material) {
        self.algorithm = algorithm
        self.keyID = keyID
        self.material = material
    }

    private init(algorithm: JWSAlgorithm, keyID: String?, rsaBits: Int) throws {
        let material: Material
        switch algorithm {
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512:
            material = .rsa(try _RSA.Signing.PrivateKey(keySize: .init(bitCount: rsaBits)))
        case .es256: material = .p256(P256.Signing.PrivateKey())
        case .es384: material = .p384(P384.Signing.PrivateKey())
        case .es512: material = .p521(P521.Signing.PrivateKey())
        case .edDSA, .ed25519: material = .ed25519(Curve25519.Signing.PrivateKey())
        case .hs256: material = .hmac(SymmetricKey(size: .bits256))
        case .hs384: material = .hmac(SymmetricKey(size: SymmetricKeySize(bitCount: 384)))
        default: material = .hmac(SymmetricKey(size: SymmetricKeySize(bitCount: 512)))
        }
        self.init(algorithm: algorithm, keyID: keyID, material: material)
    }

    /// The same private key presented under another algorithm or `kid` (for hostile tests).
    public func with(algorithm: JWSAlgorithm? = nil, keyID: String?? = nil) -> TestSigningKey {
        TestSigningKey(algorithm: algorithm ?? self.algorithm, keyID: keyID ?? self.keyID, material: self.material)
    }

    /// The public JWK, with `kid`, `use: sig` and, when `includeAlgorithm`, `alg`.
    public func publicJWK(includeAlgorithm: Bool = true) -> [String: JSONValue] {
        var jwk: [String: JSONValue] = ["use": "sig"]
        if let keyID { jwk["kid"] = .string(keyID) }
        if includeAlgorithm { jwk["alg"] = .string(self.algorithm.name) }
        switch self.material {
        case .rsa(let key):
            let components = try! key.publicKey.getKeyPrimitives()
            jwk["kty"] = "RSA"
            jwk["n"] = .string(base64URL(Array(components.modulus)))
            jwk["e"] = .string(base64URL(Array(components.publicExponent)))
        case .p256(let key): Self.ec(&jwk, "P-256", key.publicKey.x963Representation, 32)
        case .p384(let key): Self.ec(&jwk, "P-384", key.publicKey.x963Representation, 48)
        case .p521(let key): Self.ec(&jwk, "P-521", key.publicKey.x963Representation, 66)
        case .ed25519(let key):
            jwk["kty"] = "OKP"
            jwk["crv"] = "Ed25519"
            jwk["x"] = .string(base64URL(Array(key.publicKey.rawRepresentation)))
        case .hmac(let key):
            jwk["kty"] = "oct"
            jwk["k"] = .string(base64URL(key.withUnsafeBytes { Array($0) }))
        }
        return jwk
    }

    /// The public key in SubjectPublicKeyInfo PEM and DER form (RSA and EC only).
    public var publicKeyPEM: String? {
        switch self.material {
        case .rsa(let key): key.publicKey.pemRepresentation
        case .p256(let key): key.publicKey.pemRepresentation
        case .p384(let key): key.publicKey.pemRepresentation
        case .p521(let key): key.publicKey.pemRepresentation
        default: nil
        }
    }

    /// The public key's SubjectPublicKeyInfo DER bytes (RSA and EC only).
    public var publicKeyDER: [UInt8]? {
        switch self.material {
        case .rsa(let key): Array(key.publicKey.derRepresentation)
        case .p256(let key): Array(key.publicKey.derRepresentation)
        case .p384(let key): Array(key.publicKey.derRepresentation)
        case .p521(let key): Array(key.publicKey.derRepresentation)
        default: nil
        }
    }

    /// The HMAC secret, for keys of an `HS*` algorithm.
    public var secret: [UInt8]? {
        if case .hmac(let key) = self.material { return key.withUnsafeBytes { Array($0) } }
        return nil
    }

    /// The ``VerificationKey`` a verifier would use for this key.
    public func verificationKey() throws -> VerificationKey {
        if let secret { return try VerificationKey.hmac(secret: secret, algorithm: self.algorithm, keyID: self.keyID) }
        return try VerificationKey(jwk: self.publicJWK())
    }

    private static func ec(_ jwk: inout [String: JSONValue], _ curve: String, _ point: some Collection<UInt8>, _ size: Int) {
        let bytes = Array(point)
        jwk["kty"] = "EC"
        jwk["crv"] = .string(curve)
        jwk["x"] = .string(base64URL(bytes[1..<(1 + size)]))
        jwk["y"] = .string(base64URL(bytes[(1 + size)...]))
    }
}

private func randomKeyID() -> String {
    var generator = SystemRandomNumberGenerator()
    let value = generator.next() as UInt64
    return "key-" + String(value, radix: 16)
}
