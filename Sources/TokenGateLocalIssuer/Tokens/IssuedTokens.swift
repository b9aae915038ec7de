import TokenGate

/// A token response (RFC 6749 §5.1, App ID's shape): `access_token`, `id_token` when there is
/// a user, `refresh_token` when the grant gives one, `token_type`, `expires_in`, `scope`.
struct IssuedTokens: Sendable {
    var accessToken: String
    var identityToken: String?
    var refreshToken: String?
    var expiresIn: Int
    var scope: String

    var json: JSONValue {
        var object: [String: JSONValue] = [
            "access_token": .string(self.accessToken),
            "token_type": "Bearer",
            "expires_in": .number(JSONNumber(Int64(self.expiresIn))),
            "scope": .string(self.scope),
        ]
        if let identityToken { object["id_token"] = .string(identityToken) }
        if let refreshToken { object["refresh_token"] = .string(refreshToken) }
        return .object(object)
    }
}
