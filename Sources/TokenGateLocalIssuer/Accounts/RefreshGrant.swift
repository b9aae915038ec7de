import TokenGate

/// What an opaque refresh token stands for. Stored under the token's digest. Each refresh
/// returns a new refresh token and marks the old one used; a used token presented again means
/// it was stolen (or replayed), and the whole family (every token descended from the same
/// login) is revoked (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
struct RefreshGrant: Sendable {
    let clientID: String
    let userID: String
    let scope: String
    let expiresAt: Double
    /// The first grant of the login this token descends from.
    let family: String
    /// Whether this token was already exchanged.
    var used: Bool

    var stored: JSONValue {
        [
            "clientId": .string(self.clientID), "userId": .string(self.userID), "scope": .string(self.scope),
            "expiresAt": .number(JSONNumber(Int64(self.expiresAt))), "family": .string(self.family), "used": .bool(self.used),
        ]
    }

    init(clientID: String, userID: String, scope: String, expiresAt: Double, family: String, used: Bool = false) {
        self.clientID = clientID
        self.userID = userID
        self.scope = scope
        self.expiresAt = expiresAt
        self.family = family
        self.used = used
    }

    init?(stored: JSONValue) {
        guard let clientID = stored["clientId"]?.stringValue, let userID = stored["userId"]?.stringValue,
            let scope = stored["scope"]?.stringValue, let expiresAt = stored["expiresAt"]?.doubleValue,
            let family = stored["family"]?.stringValue, let used = stored["used"]?.boolValue
        else { return nil }
        self.init(clientID: clientID, userID: userID, scope: scope, expiresAt: expiresAt, family: family, used: used)
    }
}
