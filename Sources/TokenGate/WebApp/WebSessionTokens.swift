import Crypto

/// The tokens of a logged-in browser session, as raw strings for a server-side session store
/// (never a cookie: the session cookie holds only the session's id), and the session's logout
/// token, which the logout form must send back (so another site cannot log the user out).
public struct WebSessionTokens: Sendable, Hashable {
    /// The access token.
    public let accessToken: String
    /// The identity token.
    public let identityToken: String
    /// The refresh token, when the server issued one.
    public let refreshToken: String?
    /// The session's CSRF token for logging out (256 random bits, base64url): pages put it in
    /// their logout form (``WebAppStrategy/logoutForm(_:paths:)``), and a logout without it
    /// is refused. It stays the same when the tokens are refreshed.
    public let logoutToken: String

    /// Creates session tokens.
    /// - Parameter logoutToken: The session's logout token (default: a new random one).
    public init(accessToken: String, identityToken: String, refreshToken: String?, logoutToken: String? = nil) {
        self.accessToken = accessToken
        self.identityToken = identityToken
        self.refreshToken = refreshToken
        self.logoutToken = logoutToken ?? PendingLogin.random()
    }

    /// A compact string for a session store.
    public var encoded: String {
        var object: [String: JSONValue] = [
            "access": .string(self.accessToken), "identity": .string(self.identityToken), "logout": .string(self.logoutToken),
        ]
        if let refreshToken { object["refresh"] = .string(refreshToken) }
        return JSONValue.object(object).serialized
    }

    /// Reads ``encoded``; `nil` for anything else.
    public init?(encoded: String) {
        guard let object = (try? JSONParser.parse(Array(encoded.utf8), maximumDepth: 2))?.objectValue,
            let access = object["access"]?.stringValue, let identity = object["identity"]?.stringValue
        else { return nil }
        // A session stored before logout tokens existed gets one derived from its identity
        // token: as secret as the session itself, and the same on every read.
        let logout = object["logout"]?.stringValue ?? Base64URL.encode(Array(SHA256.hash(data: Array(("logout:" + identity).utf8))))
        self.init(accessToken: access, identityToken: identity, refreshToken: object["refresh"]?.stringValue, logoutToken: logout)
    }
}
