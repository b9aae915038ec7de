/// The tokens of a logged-in browser session, as raw strings for a server-side session store
/// (never a cookie: the session cookie holds only the session's id).
public struct WebSessionTokens: Sendable, Hashable {
    /// The access token.
    public let accessToken: String
    /// The identity token.
    public let identityToken: String
    /// The refresh token, when the server issued one.
    public let refreshToken: String?

    /// Creates session tokens.
    public init(accessToken: String, identityToken: String, refreshToken: String?) {
        self.accessToken = accessToken
        self.identityToken = identityToken
        self.refreshToken = refreshToken
    }

    /// A compact string for a session store.
    public var encoded: String {
        var object: [String: JSONValue] = ["access": .string(self.accessToken), "identity": .string(self.identityToken)]
        if let refreshToken { object["refresh"] = .string(refreshToken) }
        return JSONValue.object(object).serialized
    }

    /// Reads ``encoded``; `nil` for anything else.
    public init?(encoded: String) {
        guard let object = (try? JSONParser.parse(Array(encoded.utf8), maximumDepth: 2))?.objectValue,
            let access = object["access"]?.stringValue, let identity = object["identity"]?.stringValue
        else { return nil }
        self.init(accessToken: access, identityToken: identity, refreshToken: object["refresh"]?.stringValue)
    }
}
