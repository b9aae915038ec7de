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
        // Absent or null: no lifetime. Present: a number or a numeric string, else refused (a
        // lifetime misread as absent would make an opaque access token live by its identity
        // token's).
        var seconds: Double?
        if container.contains(.expiresIn), try !container.decodeNil(forKey: .expiresIn) {
            if let number = try? container.decode(Double.self, forKey: .expiresIn) {
                seconds = number
            } else if let text = try? container.decode(String.self, forKey: .expiresIn), let number = Double(text) {
                seconds = number
            } else {
                throw DecodingError.dataCorruptedError(forKey: .expiresIn, in: container, debugDescription: "not a number of seconds")
            }
        }
        // A lifetime becomes a `Duration`, which traps on NaN, infinity and beyond ~1.7e20 s:
        // anything but 0 to ten years is refused here, whatever the server sent.
        if let seconds, !(seconds.isFinite && (0...Self.longestLifetime).contains(seconds)) {
            throw DecodingError.dataCorruptedError(forKey: .expiresIn, in: container, debugDescription: "not 0 to ten years in seconds")
        }
        self.expiresIn = seconds
    }

    /// The longest `expires_in` accepted: ten years.
    static let longestLifetime: Double = 315_360_000
}
