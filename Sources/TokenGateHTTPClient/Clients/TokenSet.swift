public import TokenGate

/// Tokens from a token endpoint, each verified with the package's own verifier before it was
/// returned (signature against the issuer's published keys, `iss`, `aud` = the client ID,
/// `tenant`, expiry; the identity token's `sub` equals the access token's). An access token the
/// client does not read (``TokenGate/AccessTokenFormat/opaque``) is not verified: it is marked
/// ``TokenGate/VerifiedToken/isOpaque`` and carries the response's `expires_in` and `scope` and
/// the identity token's `sub`.
///
/// ```swift
/// let tokens = try await manager.passwordTokens(username: "ada@example.com", password: secret)
/// request.headers.add(name: "Authorization", value: tokens.authorizationHeader)
/// ```
public struct TokenSet: Sendable {
    /// The verified access token (or an opaque one, see ``TokenGate/VerifiedToken/isOpaque``).
    public let accessToken: VerifiedToken
    /// The verified identity token (absent for client credentials).
    public let identityToken: VerifiedToken?
    /// The opaque refresh token, when the grant gives one.
    public let refreshToken: String?
    /// `expires_in`, as the server said it.
    public let expiresIn: Duration?
    /// The granted scopes (the response's `scope`, else the access token's).
    public let scopes: [String]

    /// Creates a token set.
    public init(accessToken: VerifiedToken, identityToken: VerifiedToken?, refreshToken: String?, expiresIn: Duration?, scopes: [String]) {
        self.accessToken = accessToken
        self.identityToken = identityToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
        self.scopes = scopes
    }

    /// `Bearer <access> [<identity>]`: the App ID header for calling a protected API.
    public var authorizationHeader: String {
        "Bearer " + self.accessToken.raw + (self.identityToken.map { " " + $0.raw } ?? "")
    }

    /// The tokens as an ``AuthorizationContext`` (with the refresh token).
    public var authorizationContext: AuthorizationContext {
        AuthorizationContext(accessToken: self.accessToken, identityToken: self.identityToken, refreshToken: self.refreshToken)
    }
}
