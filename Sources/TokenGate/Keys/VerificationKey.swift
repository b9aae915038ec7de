package import Crypto
package import CryptoExtras
import FoundationEssentials

/// A public key (or a configured HMAC secret) ready to verify signatures, parsed once.
///
/// A key knows which algorithms it may be used with: derived from its JWK `kty`/`crv`, and
/// narrowed by the JWK's `alg`. A token's header can never widen that set.
///
/// ```swift
/// let key = try VerificationKey(jwk: ["kty": "OKP", "crv": "Ed25519", "x": "11qYAYKx…"])
/// let secret = try VerificationKey.hmac(secret: secretBytes, algorithm: .hs256, keyID: "k1")
/// ```
public struct VerificationKey: Sendable {
    package enum Material: Sendable {
        case rsa(_RSA.Signing.PublicKey, modulusBytes: Int)
        case p256(P256.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
        case p521(P521.Signing.PublicKey)
        case ed25519(Curve25519.Signing.PublicKey)
        case hmac(SymmetricKey)
    }

    /// The key id (`kid`), when the key has one.
    public let keyID: String?
    /// The issuer the key set ties this key to (the JWK's `issuer` member, which Microsoft
    /// Entra ID publishes, with `{tenantid}` for a key of every tenant): a token this key
    /// verifies must name that issuer (the template filled with its `tid`). `nil`: any issuer
    /// the verifier accepts.
    public let issuer: String?
    package let algorithmSet: AlgorithmSet
    package let material: Material
    /// The public key material (or a digest of a secret), to tell duplicate keys from rival ones.
    package let identity: [UInt8]

    package init(keyID: String?, issuer: String? = nil, algorithms: AlgorithmSet, material: Material, identity: [UInt8]) {
        self.keyID = keyID
        self.issuer = issuer
        self.algorithmSet = algorithms
        self.material = material
        self.identity = identity
    }

    /// The algorithms this key may verify.
    public var algorithms: [JWSAlgorithm] { self.algorithmSet.algorithms }

    /// Whether this is an HMAC secret rather than a public key.
    public var isSymmetric: Bool {
        if case .hmac = self.material { return true }
        return false
    }

    /// Creates an HMAC key from a secret configured for an issuer.
    ///
    /// HMAC keys are never read from a JWKS: a verifier uses them only when the user
    /// configures them, so a public key can never be turned into an HMAC secret.
    /// - Parameters:
    ///   - secret: The shared secret; at least as long as the hash output (RFC 7518 §3.2).
    ///   - algorithm: `.hs256`, `.hs384` or `.hs512`.
    ///   - keyID: The `kid` tokens signed with this secret carry, if any.
    /// - Throws: ``TokenGateError`` `.invalidKey` for a short secret or a non-HMAC algorithm.
    public static func hmac(secret: some Collection<UInt8>, algorithm: JWSAlgorithm, keyID: String? = nil) throws(TokenGateError)
        -> VerificationKey
    {
        let minimumLength: Int
        switch algorithm {
        case .hs256: minimumLength = 32
        case .hs384: minimumLength = 48
        case .hs512: minimumLength = 64
        default: throw TokenGateError(.invalidKey, detail: "not an HMAC algorithm")
        }
        guard secret.count >= minimumLength else {
            throw TokenGateError(.invalidKey, detail: "HMAC secret shorter than the hash output")
        }
        let bytes = Array(secret)
        return VerificationKey(
            keyID: keyID,
            algorithms: AlgorithmSet(algorithm),
            material: .hmac(SymmetricKey(data: bytes)),
            identity: Array(SHA256.hash(data: bytes))
        )
    }

    /// Checks `signature` over `signingInput` with `algorithm`, which the caller has already
    /// matched against ``algorithms``.
    package func isValidSignature(_ signature: [UInt8], signingInput: UnsafeRawBufferPointer, algorithm: JWSAlgorithm) -> Bool {
        switch self.material {
        case .rsa(let key, let modulusBytes):
            guard signature.count == modulusBytes else { return false }
            let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
            switch algorithm {
            case .rs256: return key.isValidSignature(rsaSignature, for: digest(SHA256.self, signingInput), padding: .insecurePKCS1v1_5)
            case .rs384: return key.isValidSignature(rsaSignature, for: digest(SHA384.self, signingInput), padding: .insecurePKCS1v1_5)
            case .rs512: return key.isValidSignature(rsaSignature, for: digest(SHA512.self, signingInput), padding: .insecurePKCS1v1_5)
            case .ps256: return key.isValidSignature(rsaSignature, for: digest(SHA256.self, signingInput), padding: .PSS)
            case .ps384: return key.isValidSignature(rsaSignature, for: digest(SHA384.self, signingInput), padding: .PSS)
            case .ps512: return key.isValidSignature(rsaSignature, for: digest(SHA512.self, signingInput), padding: .PSS)
            default: return false
            }
        case .p256(let key):
            guard algorithm == .es256, let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: digest(SHA256.self, signingInput))
        case .p384(let key):
            guard algorithm == .es384, let ecdsa = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: digest(SHA384.self, signingInput))
        case .p521(let key):
            guard algorithm == .es512, let ecdsa = try? P521.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: digest(SHA512.self, signingInput))
        case .ed25519(let key):
            guard algorithm == .edDSA || algorithm == .ed25519, signature.count == 64 else { return false }
            return key.isValidSignature(signature, for: signingInput)
        case .hmac(let key):
            switch algorithm {
            case .hs256:
                return signature.count == 32 && HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: key)
            case .hs384:
                return signature.count == 48 && HMAC<SHA384>.isValidAuthenticationCode(signature, authenticating: signingInput, using: key)
            case .hs512:
                return signature.count == 64 && HMAC<SHA512>.isValidAuthenticationCode(signature, authenticating: signingInput, using: key)
            default: return false
            }
        }
    }
}

@inline(__always)
private func digest<H: HashFunction>(_ hash: H.Type, _ input: UnsafeRawBufferPointer) -> H.Digest {
    var hasher = H()
    hasher.update(bufferPointer: input)
    return hasher.finalize()
}
