import TokenGate

/// An application registered with the local issuer. Its secret is kept only as a SHA-256
/// digest: it is shown once, in the registration response.
struct RegisteredApplication: Sendable, Codable {
    private enum CodingKeys: String, CodingKey {
        case clientID = "clientId"
        case name, type, scopes, secretDigest
    }

    let clientID: String
    var name: String
    var type: String?
    var scopes: [String]
    let secretDigest: [UInt8]

    init(clientID: String, name: String, type: String?, scopes: [String], secretDigest: [UInt8]) {
        self.clientID = clientID
        self.name = name
        self.type = type
        self.scopes = scopes
        self.secretDigest = secretDigest
    }

    /// Whether `secret` is this application's secret (constant-time).
    func accepts(secret: String) -> Bool {
        constantTimeEqual(TokenGateLocalIssuer.secretDigest(secret), self.secretDigest)
    }

    /// Reads the stored form: `clientId`, `name`, `type` (optional), `scopes`, and `secretDigest`
    /// (base64url of 32 bytes).
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let digest = Base64URL.decode(try container.decode(String.self, forKey: .secretDigest)), digest.count == 32 else {
            throw DecodingError.dataCorruptedError(forKey: .secretDigest, in: container, debugDescription: "not base64url of 32 bytes")
        }
        self.init(
            clientID: try container.decode(String.self, forKey: .clientID),
            name: try container.decode(String.self, forKey: .name),
            type: try container.decodeIfPresent(String.self, forKey: .type),
            scopes: try container.decode([String].self, forKey: .scopes),
            secretDigest: digest
        )
    }

    /// Writes the stored form (the secret only as its digest).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.clientID, forKey: .clientID)
        try container.encode(self.name, forKey: .name)
        try container.encodeIfPresent(self.type, forKey: .type)
        try container.encode(self.scopes, forKey: .scopes)
        try container.encode(Base64URL.encode(self.secretDigest), forKey: .secretDigest)
    }
}
