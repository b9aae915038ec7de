import TokenGate

/// What an opaque refresh token stands for. Stored under the token's digest. Each refresh
/// returns a new refresh token and marks the old one used; a used token presented again means
/// it was stolen (or replayed), and the whole family (every token descended from the same
/// login) is revoked (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
struct RefreshGrant: Sendable, Codable {
    private enum CodingKeys: String, CodingKey {
        case clientID = "clientId"
        case userID = "userId"
        case scope, expiresAt, family, used
    }

    let clientID: String
    let userID: String
    let scope: String
    let expiresAt: Double
    /// The first grant of the login this token descends from.
    let family: String
    /// Whether this token was already exchanged.
    var used: Bool

    init(clientID: String, userID: String, scope: String, expiresAt: Double, family: String, used: Bool = false) {
        self.clientID = clientID
        self.userID = userID
        self.scope = scope
        self.expiresAt = expiresAt
        self.family = family
        self.used = used
    }

    /// Reads the stored form: `clientId`, `userId`, `scope`, `expiresAt`, `family`, `used`.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            clientID: try container.decode(String.self, forKey: .clientID),
            userID: try container.decode(String.self, forKey: .userID),
            scope: try container.decode(String.self, forKey: .scope),
            expiresAt: try container.decode(Double.self, forKey: .expiresAt),
            family: try container.decode(String.self, forKey: .family),
            used: try container.decode(Bool.self, forKey: .used)
        )
    }

    /// Writes the stored form (`expiresAt` in whole seconds).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.clientID, forKey: .clientID)
        try container.encode(self.userID, forKey: .userID)
        try container.encode(self.scope, forKey: .scope)
        try container.encode(Int64(self.expiresAt), forKey: .expiresAt)
        try container.encode(self.family, forKey: .family)
        try container.encode(self.used, forKey: .used)
    }
}
