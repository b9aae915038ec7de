/// A token endpoint's successful answer (RFC 6749 section 5.1), before its tokens are verified.
struct TokenResponse: Decodable {
    let accessToken: String
    let tokenType: String?
    let idToken: String?
    let refreshToken: String?
    /// Seconds; App ID documents `expires_in` both as a number and as a numeric string.
    let expiresIn: Double?
    let scope: String?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case idToken = "id_token"
        case refreshToken = "refresh_token"
        case expiresIn = "expires_in"
        case scope
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.accessToken = try container.decode(String.self, forKey: .accessToken)
        self.tokenType = try container.decodeIfPresent(String.self, forKey: .tokenType)
        self.idToken = try container.decodeIfPresent(String.self, forKey: .idToken)
        self.refreshToken = try container.decodeIfPresent(String.self, forKey: .refreshToken)
        self.scope = try container.decodeIfPresent(String.self, forKey: .scope)
        if let seconds = try? container.decodeIfPresent(Double.self, forKey: .expiresIn) {
            self.expiresIn = seconds
        } else {
            self.expiresIn = (try? container.decodeIfPresent(String.self, forKey: .expiresIn)).flatMap { $0.flatMap(Double.init) }
        }
    }
}
