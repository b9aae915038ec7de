import Crypto
import TokenGate
import _CryptoExtras

/// Signs `private_key_jwt` client assertions (RFC 7523 §2.2, OpenID Connect Core §9) with the
/// client's own key. The key never leaves the process; only the signed JWT is sent.
enum ClientAssertionSigner: Sendable {
    case es256(P256.Signing.PrivateKey)
    case rs256(_RSA.Signing.PrivateKey)

    /// A new assertion: `iss` = `sub` = `clientID`, `aud` = `audience` (the endpoint), a random
    /// 256-bit `jti`, `iat` = now, `exp` = now + `lifetime`.
    /// - Throws: ``TokenClientError`` `.invalidClient` when signing fails.
    func assertion(clientID: String, audience: String, keyID: String, now: Double, lifetime: Duration) throws(TokenClientError) -> String {
        let issuedAt = Int64(now.rounded(.down))
        let header: JSONValue = ["alg": .string(self.algorithm), "typ": "JWT", "kid": .string(keyID)]
        let claims: JSONValue = [
            "iss": .string(clientID),
            "sub": .string(clientID),
            "aud": .string(audience),
            "jti": .string(Base64URL.random()),
            "iat": .number(JSONNumber(issuedAt)),
            "exp": .number(JSONNumber(issuedAt + max(1, lifetime.components.seconds))),
        ]
        do {
            return try CompactJWS.serialize(header: header.serializedBytes, payload: claims.serializedBytes) { input in
                switch self {
                case .es256(let key): Array(try key.signature(for: SHA256.hash(data: input)).rawRepresentation)
                case .rs256(let key): Array(try key.signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5).rawRepresentation)
                }
            }
        } catch {
            throw TokenClientError(.invalidClient, serverDescription: "the client assertion could not be signed", underlying: error)
        }
    }

    private var algorithm: String {
        switch self {
        case .es256: "ES256"
        case .rs256: "RS256"
        }
    }
}
