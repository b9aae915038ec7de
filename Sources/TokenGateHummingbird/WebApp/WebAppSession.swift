#if Hummingbird
/// What the browser login keeps in hummingbird-auth's server-side session: the login in
/// progress and, once logged in, the tokens (encoded; the cookie holds only the session id).
public struct WebAppSession: Codable, Sendable, Equatable {
    /// ``TokenGate/PendingLogin/encoded`` of the login in progress.
    public var login: String?
    /// ``TokenGate/WebSessionTokens/encoded`` of the logged-in user.
    public var tokens: String?

    /// Creates a session value.
    public init(login: String? = nil, tokens: String? = nil) {
        self.login = login
        self.tokens = tokens
    }
}
#endif
