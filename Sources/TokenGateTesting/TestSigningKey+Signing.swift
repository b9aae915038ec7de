import Crypto
import CryptoExtras
public import TokenGate

extension TestSigningKey {
    /// Signs bytes with this key's algorithm and returns the JWS signature bytes
    /// (raw `r||s` for ECDSA).
    /// - Throws: When swift-crypto cannot sign.
    public func signature(for signingInput: [UInt8]) throws -> [UInt8] {
        switch self.material {
        case .rsa(let key):
            switch self.algorithm {
            case .rs256: return Array(try key.signature(for: SHA256.hash(data: signingInput), padding: .insecurePKCS1v1_5).rawRepresentation)
            case .rs384: return Array(try key.signature(for: SHA384.hash(data: signingInput), padding: .insecurePKCS1v1_5).rawRepresentation)
            case .rs512: return Array(try key.signature(for: SHA512.hash(data: signingInput), padding: .insecurePKCS1v1_5).rawRepresentation)
            case .ps256: return Array(try key.signature(for: SHA256.hash(data: signingInput), padding: .PSS).rawRepresentation)
            case .ps384: return Array(try key.signature(for: SHA384.hash(data: signingInput), padding: .PSS).rawRepresentation)
            default: return Array(try key.signature(for: SHA512.hash(data: signingInput), padding: .PSS).rawRepresentation)
            }
        case .p256(let key): return Array(try key.signature(for: SHA256.hash(data: signingInput)).rawRepresentation)
        case .p384(let key): return Array(try key.signature(for: SHA384.hash(data: signingInput)).rawRepresentation)
        case .p521(let key): return Array(try key.signature(for: SHA512.hash(data: signingInput)).rawRepresentation)
        case .ed25519(let key): return Array(try key.signature(for: signingInput))
        case .hmac(let key):
            switch self.algorithm {
            case .hs384: return Array(HMAC<SHA384>.authenticationCode(for: signingInput, using: key))
            case .hs512: return Array(HMAC<SHA512>.authenticationCode(for: signingInput, using: key))
            default: return Array(HMAC<SHA256>.authenticationCode(for: signingInput, using: key))
            }
        }
    }

    /// Signs the exact header and payload texts given (for hostile tests that need
    /// duplicate members, odd whitespace or wrong types).
    /// - Throws: When swift-crypto cannot sign.
    public func sign(headerJSON: String, payloadJSON: String) throws -> String {
        try self.sign(header: Array(headerJSON.utf8), payload: Array(payloadJSON.utf8))
    }

    /// Signs raw header and payload bytes.
    /// - Throws: When swift-crypto cannot sign.
    public func sign(header: [UInt8], payload: [UInt8]) throws -> String {
        try CompactJWS.serialize(header: header, payload: payload) { input in try self.signature(for: input) }
    }

    /// Makes a signed token. The header gets `alg`, `typ: JWT` and `kid` (when the key has
    /// one); `header` members are added on top and may replace them.
    /// - Throws: When swift-crypto cannot sign.
    public func token(claims: [String: JSONValue], header: [String: JSONValue] = [:]) throws -> String {
        var fullHeader: [String: JSONValue] = ["alg": .string(self.algorithm.name), "typ": "JWT"]
        if let keyID { fullHeader["kid"] = .string(keyID) }
        fullHeader.merge(header) { _, new in new }
        return try self.sign(header: JSONValue.object(fullHeader).serializedBytes, payload: JSONValue.object(claims).serializedBytes)
    }
}

/// Unpadded base64url, as JWS uses it.
public func base64URL(_ bytes: some Collection<UInt8>) -> String {
    Base64URL.encode(bytes)
}
