import Crypto
import CryptoExtras
import TokenGate

/// One RS256 signing key of the local issuer, with its place in the rotation.
struct IssuerSigningKey: Sendable, Codable {
    private enum CodingKeys: String, CodingKey {
        case keyID = "kid"
        case phase, privateKey, retireAt
    }

    /// Where a key is in its life: published before it signs, kept after it stops signing.
    enum Phase: String, Sendable, Codable {
        /// Published, not yet signing.
        case next
        /// Signing.
        case current
        /// Published until `retireAt` so tokens it signed stay verifiable; no longer signing.
        case retired
    }

    let keyID: String
    let privateKey: _RSA.Signing.PrivateKey
    var phase: Phase
    /// For `retired` keys: when to stop publishing (seconds since the epoch).
    var retireAt: Double?

    static func generate(tenantID: String, now: Double, phase: Phase) throws -> IssuerSigningKey {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let suffix = Base64URL.encode(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0.prefix(6)) })
        return IssuerSigningKey(keyID: "appId-\(tenantID)-\(Int64(now))-\(suffix)", privateKey: key, phase: phase, retireAt: nil)
    }

    /// The public JWK (`kty`, `n`, `e`, `kid`, `alg`, `use`).
    var publicJWK: JSONValue {
        let primitives = try! self.privateKey.publicKey.getKeyPrimitives()
        return [
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": .string(self.keyID),
            "n": .string(Base64URL.encode(Array(primitives.modulus))),
            "e": .string(Base64URL.encode(Array(primitives.publicExponent))),
        ]
    }

    /// The `typ` of access tokens (RFC 9068), so that a verifier's `typ` allow-list keeps
    /// identity tokens (`JWT`) from passing as access tokens.
    static let accessTokenType = "at+jwt"

    /// A compact JWS over `claims`, with a header of `alg`, `kid`, `typ` and App ID's `ver: 4`.
    /// - Parameter type: The header's `typ`: `JWT` (identity tokens) or ``accessTokenType``.
    func sign(claims: [String: JSONValue], type: String = "JWT") throws -> String {
        let header: JSONValue = ["alg": "RS256", "kid": .string(self.keyID), "typ": .string(type), "ver": 4]
        return try CompactJWS.serialize(header: header.serializedBytes, payload: JSONValue.object(claims).serializedBytes) { input in
            Array(try self.privateKey.signature(for: input, padding: .insecurePKCS1v1_5).rawRepresentation)
        }
    }

    init(keyID: String, privateKey: _RSA.Signing.PrivateKey, phase: Phase, retireAt: Double?) {
        self.keyID = keyID
        self.privateKey = privateKey
        self.phase = phase
        self.retireAt = retireAt
    }

    /// Reads the stored form: `kid`, `phase`, `privateKey` (PEM), `retireAt` (optional).
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let pem = try container.decode(String.self, forKey: .privateKey)
        guard let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) else {
            throw DecodingError.dataCorruptedError(forKey: .privateKey, in: container, debugDescription: "not an RSA private key in PEM")
        }
        self.init(
            keyID: try container.decode(String.self, forKey: .keyID),
            privateKey: key,
            phase: try container.decode(Phase.self, forKey: .phase),
            retireAt: try container.decodeIfPresent(Double.self, forKey: .retireAt)
        )
    }

    /// Writes the stored form (`retireAt` in whole seconds).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.keyID, forKey: .keyID)
        try container.encode(self.phase, forKey: .phase)
        try container.encode(self.privateKey.pemRepresentation, forKey: .privateKey)
        try container.encodeIfPresent(self.retireAt.map { Int64($0) }, forKey: .retireAt)
    }
}
