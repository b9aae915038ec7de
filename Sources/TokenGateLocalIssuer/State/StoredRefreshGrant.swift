/// An entry of `refresh-tokens.json`: the grant's members and its token's `digest` side by side.
struct StoredRefreshGrant: Codable {
    /// The base64url SHA-256 of the refresh token.
    let digest: String
    /// What the token stands for.
    let grant: RefreshGrant

    private enum CodingKeys: String, CodingKey {
        case digest
    }

    init(digest: String, grant: RefreshGrant) {
        self.digest = digest
        self.grant = grant
    }

    init(from decoder: any Decoder) throws {
        self.digest = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .digest)
        self.grant = try RefreshGrant(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try self.grant.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.digest, forKey: .digest)
    }
}
