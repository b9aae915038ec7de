/// What a protected handler gets: the verified tokens of the request and the facts most
/// handlers need from them (docs/behaviour.md).
///
/// The App ID SDKs call the same values `accessToken`, `accessTokenPayload`, `identityToken`
/// and `identityTokenPayload`; here each token is a ``VerifiedToken`` holding the raw text, the
/// header and the claims (typed common claims, and every member as read).
///
/// ```swift
/// router.get("/api/protected") { request, context in
///     let authorization = context.authorization
///     return "Hello \(authorization.subject ?? "client") with \(authorization.scopes.sorted())"
/// }
/// ```
public struct AuthorizationContext: Sendable {
    /// The verified access token (raw text, header, claims).
    public let accessToken: VerifiedToken
    /// The verified identity token, when the request carried one.
    public let identityToken: VerifiedToken?
    /// The refresh token, when the application holds one (the web login flow or the token
    /// client set it; a bearer request never carries one).
    public var refreshToken: String?
    /// Who established this context, from what (see ``AuthorizationOrigin``).
    public internal(set) var origin: AuthorizationOrigin
    /// The access token's scopes (built on each access; ``hasScope(_:)`` checks one without
    /// building the set).
    public var scopes: Set<String> { Set(self.accessToken.scopes) }
    /// The access token's roles, groups and permissions, as the issuer's
    /// ``TokenVerifier/Configuration/roleClaims`` read them (built on each access;
    /// ``hasRole(_:)`` checks one without building the set).
    public var roles: Set<String> { Set(self.accessToken.roles) }

    /// Creates a context from verified tokens, as the application (its ``origin`` is
    /// ``AuthorizationOrigin/Source/application``, so no guard takes it for its own).
    /// - Parameters:
    ///   - accessToken: The verified access token.
    ///   - identityToken: The verified identity token, if any.
    ///   - refreshToken: The raw refresh token, if the application has one.
    public init(accessToken: VerifiedToken, identityToken: VerifiedToken? = nil, refreshToken: String? = nil) {
        self.accessToken = accessToken
        self.identityToken = identityToken
        self.refreshToken = refreshToken
        self.origin = .application
    }

    /// Creates a context that `origin` established.
    init(accessToken: VerifiedToken, identityToken: VerifiedToken?, refreshToken: String? = nil, origin: AuthorizationOrigin) {
        self.accessToken = accessToken
        self.identityToken = identityToken
        self.refreshToken = refreshToken
        self.origin = origin
    }

    /// The access token's claims (App ID's `accessTokenPayload`).
    public var accessTokenPayload: JWTClaims { self.accessToken.claims }
    /// The identity token's claims (App ID's `identityTokenPayload`).
    public var identityTokenPayload: JWTClaims? { self.identityToken?.claims }
    /// The subject (`sub` of the access token): the user, or the client for client credentials.
    public var subject: String? { self.accessToken.claims.subject }
    /// The issuer (`iss` of the access token, checked against the configured issuer).
    public var issuer: String { self.accessToken.claims.issuer ?? "" }
    /// App ID's `tenant` claim.
    public var tenant: String? { self.accessToken.claims.tenant }
    /// The id of the key that verified the access token.
    public var keyID: String? { self.accessToken.keyID }

    /// Whether the access token carries `scope`.
    public func hasScope(_ scope: String) -> Bool { self.accessToken.hasScope(scope) }
    /// Whether the access token carries `role` (see ``roles``).
    public func hasRole(_ role: String) -> Bool { self.accessToken.hasRole(role) }
}
