public import Logging

/// The browser login of a server-rendered web app (App ID's `WebAppStrategy`), done right:
/// authorization code with PKCE (`S256`), `state` and `nonce`, both tokens verified, refresh
/// before expiry, and return targets limited to the app's own paths.
///
/// It is framework-neutral: the adapters keep ``PendingLogin`` and ``WebSessionTokens`` in the
/// framework's server-side session and turn the answers into redirects.
///
/// 1. ``startLogin(returnTo:)``: a ``PendingLogin`` for the session and the URL to redirect to;
/// 2. ``finishLogin(query:pending:)`` on the callback: checks `state`, exchanges the code with the
///    PKCE verifier, checks the identity token's `nonce`; the session gets the tokens (under a new
///    session id);
/// 3. ``authorize(_:)`` on each protected request: verifies the tokens (the verified-token cache
///    makes that cheap), refreshes them shortly before the access token expires;
/// 4. ``logoutLocation(_:paths:)``: revokes the refresh token; the adapter clears the session
///    and redirects, to the provider's end-session endpoint when it has one.
///
/// ```swift
/// var configuration = WebAppStrategy.Configuration(credentials: credentials, redirectURI: "https://app.example/ibm/cloud/appid/callback")
/// configuration.scopes = ["profile"]
/// let webApp = WebAppStrategy(configuration: configuration, issuer: .appID(credentials, fetcher: fetcher),
///                             tokens: TokenManager(credentials: credentials))
/// ```
public struct WebAppStrategy: Sendable {
    /// What the login asks for, where the provider is, and how long things last.
    public struct Configuration: Sendable {
        /// The App ID credentials, when the configuration was made from them (read-only: the
        /// login reads ``clientID`` and the endpoints, which changing these would not change).
        public private(set) var credentials: AppIDCredentials?
        /// The client ID.
        public var clientID: String
        /// The absolute callback URL, as registered with the authorization server.
        public var redirectURI: String
        /// Scopes asked for beyond `openid`.
        public var scopes: [String] = []
        /// The authorization endpoint.
        public var authorizationEndpoint: String
        /// The provider's end-session endpoint (OpenID Connect RP-Initiated Logout 1.0): when
        /// set, logout sends the browser there after ending the local session.
        public var endSessionEndpoint: String?
        /// Where the provider sends the browser after its logout (`post_logout_redirect_uri`;
        /// it must be registered with the provider). Sent only when set.
        public var postLogoutRedirectURI: String?
        /// How long a login may take from redirect to callback (default 10 min).
        public var loginTimeout: Duration = .seconds(600)
        /// Tokens are refreshed when the access token expires within this (default 60 s).
        public var renewBefore: Duration = .seconds(60)

        /// Creates a configuration for App ID: its authorization endpoint
        /// (`<oauthServerURL>/authorization`), no end-session endpoint.
        /// - Parameters:
        ///   - credentials: The application's credentials.
        ///   - redirectURI: The absolute callback URL.
        public init(credentials: AppIDCredentials, redirectURI: String) {
            self.credentials = credentials
            self.clientID = credentials.clientID
            self.redirectURI = redirectURI
            self.authorizationEndpoint = credentials.oauthServerURL + "/authorization"
        }

        /// Creates a configuration for any OpenID Connect provider from its endpoints
        /// (``ProviderEndpoints/discover(issuer:discoveryURL:fetcher:maximumBodySize:)``):
        /// its authorization and end-session endpoints. (How access tokens are read is the token
        /// client's ``AuthorizationCodeClient/accessTokenFormat``.)
        ///
        /// ```swift
        /// let endpoints = try await ProviderEndpoints.discover(issuer: "https://id.example.com", fetcher: HTTPJWKSFetcher())
        /// var configuration = try WebAppStrategy.Configuration(clientID: "my-app", endpoints: endpoints,
        ///                                                      redirectURI: "https://app.example/auth/callback")
        /// configuration.postLogoutRedirectURI = "https://app.example/"
        /// ```
        /// - Parameters:
        ///   - clientID: The client ID.
        ///   - endpoints: The provider's endpoints.
        ///   - redirectURI: The absolute callback URL.
        /// - Throws: ``TokenGateError`` `.discoveryMismatch` when the provider has no
        ///   authorization endpoint.
        public init(clientID: String, endpoints: ProviderEndpoints, redirectURI: String) throws(TokenGateError) {
            guard let authorization = endpoints.authorization else {
                throw TokenGateError(.discoveryMismatch, detail: "the provider publishes no authorization_endpoint")
            }
            self.credentials = nil
            self.clientID = clientID
            self.redirectURI = redirectURI
            self.authorizationEndpoint = authorization
            self.endSessionEndpoint = endpoints.endSession
        }
    }

    /// What ``authorize(_:)`` found.
    public enum Outcome: Sendable {
        /// The session's tokens are valid; `refreshed` holds new tokens to store when they were renewed.
        case authorized(AuthorizationContext, refreshed: WebSessionTokens?)
        /// No usable tokens: send the browser to the login.
        case loginRequired
    }

    /// The configuration.
    public let configuration: Configuration
    /// The issuer whose tokens the session holds (its rules require `aud` = the client ID).
    public let issuer: IssuerVerifier
    let tokens: any AuthorizationCodeClient
    let wallClock: any WallClock
    let logger: Logger
    /// What this strategy's contexts record as their origin.
    let origin = AuthorizationOrigin(source: .browserSession, strategy: Generation.next())
    /// Refreshes in progress: one refresh-token grant at a time per session, shared by its
    /// concurrent requests.
    let refreshes = WebSessionRefreshes()

    /// Creates the strategy.
    /// - Parameters:
    ///   - configuration: What the login asks for.
    ///   - issuer: Verifies the session's tokens on every request.
    ///   - tokens: The token endpoint (code exchange, refresh, revocation).
    ///   - wallClock: Time for login timeouts and renewal.
    ///   - logger: Login outcomes at `debug`, never a token.
    public init(
        configuration: Configuration,
        issuer: IssuerVerifier,
        tokens: any AuthorizationCodeClient,
        wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "TokenGate.WebAppStrategy", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.issuer = issuer
        self.tokens = tokens
        self.wallClock = wallClock
        self.logger = logger
    }

    /// Starts a login.
    /// - Parameter returnTo: Where to go afterwards: a path of this app; anything else becomes `/`.
    /// - Returns: The login to keep in the session, and the authorization URL to redirect to.
    public func startLogin(returnTo: String?) -> (pending: PendingLogin, redirectURL: String) {
        let pending = PendingLogin(returnTo: Self.safeReturnPath(returnTo), now: self.wallClock.currentDate())
        let scope = (["openid"] + self.configuration.scopes.filter { $0 != "openid" }).joined(separator: " ")
        let parameters = [
            ("response_type", "code"),
            ("client_id", self.configuration.clientID),
            ("redirect_uri", self.configuration.redirectURI),
            ("scope", scope),
            ("state", pending.state),
            ("nonce", pending.nonce),
            ("code_challenge", pending.codeChallenge),
            ("code_challenge_method", "S256"),
        ]
        let query = parameters.map { "\($0.0)=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
        let separator = self.configuration.authorizationEndpoint.contains("?") ? "&" : "?"
        return (pending, self.configuration.authorizationEndpoint + separator + query)
    }

    /// Completes a login from the callback's query parameters.
    /// - Parameters:
    ///   - query: The callback URL's query parameters (`code`, `state`, or `error`).
    ///   - pending: The login the session started, if any.
    /// - Returns: The tokens for the session and the path to return to.
    /// - Throws: ``TokenGateError``: `.loginStateMissing`, `.loginStateMismatch`,
    ///   `.loginExpired`, `.loginDenied`, `.codeExchangeFailed`, `.nonceMismatch`,
    ///   `.invalidAuthorizedParty` (an `azp` that is not this client), `.identityMismatch` (an
    ///   `at_hash` that is not the access token's), or a verification failure of the identity token.
    public func finishLogin(query: [String: String], pending: PendingLogin?) async throws(TokenGateError) -> (
        tokens: WebSessionTokens, returnTo: String
    ) {
        guard let pending else { throw TokenGateError(.loginStateMissing) }
        guard let state = query["state"], constantTimeEqual(Array(state.utf8), Array(pending.state.utf8)) else {
            throw TokenGateError(.loginStateMismatch)
        }
        guard self.wallClock.currentDate().secondsSinceEpoch - pending.startedAt <= self.configuration.loginTimeout.seconds else {
            throw TokenGateError(.loginExpired)
        }
        if query["error"] != nil { throw TokenGateError(.loginDenied, detail: "authorization server error") }
        guard let code = query["code"], !code.isEmpty else { throw TokenGateError(.codeExchangeFailed, detail: "no code") }
        let context: AuthorizationContext
        do {
            context = try await self.tokens.authorizationCodeTokens(
                code: code,
                redirectURI: self.configuration.redirectURI,
                codeVerifier: pending.codeVerifier
            )
        } catch let error as TokenGateError {
            throw error
        } catch {
            throw TokenGateError(.codeExchangeFailed, underlying: error)
        }
        guard let identity = context.identityToken else { throw TokenGateError(.missingClaim, detail: "no identity token") }
        guard let nonce = identity.claims["nonce"]?.stringValue, constantTimeEqual(Array(nonce.utf8), Array(pending.nonce.utf8)) else {
            throw TokenGateError(.nonceMismatch)
        }
        try self.checkIdentity(identity, accessToken: context.accessToken.raw)
        self.logger.debug("login completed")
        return (self.sessionTokens(context, identity: identity, refreshToken: context.refreshToken, logoutToken: nil), pending.returnTo)
    }

    /// Checks a session's tokens for a request, refreshing them shortly before they expire.
    /// With opaque access tokens (``AccessTokenFormat/opaque``) the identity token is verified
    /// and the access token's lifetime is the one the token response gave.
    /// - Parameter session: The tokens the session holds, if any.
    public func authorize(_ session: WebSessionTokens?) async -> Outcome {
        guard let session else { return .loginRequired }
        do {
            let opaque = self.tokens.accessTokenFormat == .opaque
            let identity = try await self.issuer.verify(session.identityToken)
            let access = opaque ? self.opaqueAccessToken(session, identity: identity) : try await self.issuer.verify(session.accessToken)
            guard Self.same(try identity.identitySubject(), access.claims.subject) else { return .loginRequired }
            let now = self.wallClock.currentDate().secondsSinceEpoch
            if let expiry = access.claims.expiresAt?.secondsSinceEpoch {
                // A verified access token's own expiry was checked (with leeway) by the verifier.
                if opaque, expiry <= now { return await self.refresh(session) ?? .loginRequired }
                if expiry - now <= self.configuration.renewBefore.seconds, let refreshed = await self.refresh(session) { return refreshed }
            }
            let context = AuthorizationContext(accessToken: access, identityToken: identity, refreshToken: session.refreshToken, origin: self.origin)
            return .authorized(context, refreshed: nil)
        } catch  where error.code == .expired {
            return await self.refresh(session) ?? .loginRequired
        } catch {
            self.logger.debug("session tokens refused", metadata: ["tokengate.reason": "\(error.code)"])
            return .loginRequired
        }
    }

    /// The session's opaque access token with what the token response said about it.
    private func opaqueAccessToken(_ session: WebSessionTokens, identity: VerifiedToken) -> VerifiedToken {
        VerifiedToken.opaque(
            session.accessToken,
            issuer: identity.claims.issuer,
            subject: identity.claims.subject,
            expiresAt: session.accessTokenExpiresAt,
            scope: session.scope
        )
    }

    /// The session's tokens from a token response's (verified) context.
    private func sessionTokens(_ context: AuthorizationContext, identity: VerifiedToken, refreshToken: String?, logoutToken: String?)
        -> WebSessionTokens
    {
        let opaque = self.tokens.accessTokenFormat == .opaque
        return WebSessionTokens(
            accessToken: context.accessToken.raw,
            identityToken: identity.raw,
            refreshToken: refreshToken,
            logoutToken: logoutToken,
            accessTokenExpiresAt: opaque ? context.accessToken.claims.expiresAt?.secondsSinceEpoch : nil,
            scope: opaque ? context.accessToken.claims["scope"]?.stringValue : nil
        )
    }

    /// Ends a login: revokes the refresh token (best effort). The adapter clears the session.
    public func logout(_ session: WebSessionTokens?) async {
        guard let refresh = session?.refreshToken else { return }
        try? await self.tokens.revoke(refreshToken: refresh)
    }

    /// Ends a login (``logout(_:)``) and says where the browser goes next: with an
    /// ``Configuration/endSessionEndpoint`` and a session, the provider's end-session endpoint
    /// (OpenID Connect RP-Initiated Logout 1.0) with `id_token_hint`, `client_id`,
    /// `post_logout_redirect_uri` (when configured) and a random `state`; otherwise
    /// `paths.afterLogout`. The adapter clears the session before redirecting.
    /// - Parameters:
    ///   - session: The session's tokens, if logged in.
    ///   - paths: The app's login paths.
    /// - Returns: The redirect location.
    public func logoutLocation(_ session: WebSessionTokens?, paths: WebAppPaths) async -> String {
        await self.logout(session)
        let local = Self.safeReturnPath(paths.afterLogout)
        guard let endpoint = self.configuration.endSessionEndpoint, let session else { return local }
        var parameters = [("id_token_hint", session.identityToken), ("client_id", self.configuration.clientID)]
        if let uri = self.configuration.postLogoutRedirectURI { parameters.append(("post_logout_redirect_uri", uri)) }
        parameters.append(("state", Base64URL.random()))
        let query = parameters.map { "\($0.0)=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
        return endpoint + (endpoint.contains("?") ? "&" : "?") + query
    }

    /// Refreshes the session's tokens; concurrent requests of the session share one grant (a
    /// provider that rotates refresh tokens would take a second use of one as theft).
    private func refresh(_ session: WebSessionTokens) async -> Outcome? {
        guard let refreshToken = session.refreshToken else { return nil }
        return await self.refreshes.refresh(refreshToken, wallClock: self.wallClock) {
            await self.grantRefresh(session, refreshToken: refreshToken)
        }
    }

    /// The refresh-token grant itself.
    private func grantRefresh(_ session: WebSessionTokens, refreshToken: String) async -> Outcome? {
        do {
            var context = try await self.tokens.refreshedTokens(refreshToken)
            guard let identity = context.identityToken, Self.same(try identity.identitySubject(), context.subject) else { return nil }
            try self.checkIdentity(identity, accessToken: context.accessToken.raw)
            // OpenID Connect Core §12.2: a refreshed identity token names the same issuer and
            // subject as the session's (verified at login; read from the server-side session).
            var current = try TokenParts(session.identityToken, maximumLength: self.issuer.verifier.configuration.maximumTokenLength)
            let claims = try current.claims()
            guard Self.same(identity.claims.issuer, claims.issuer), Self.same(identity.claims.subject, claims.subject) else {
                self.logger.debug("refresh answered for another issuer or subject")
                return nil
            }
            context.origin = self.origin
            let tokens = self.sessionTokens(
                context,
                identity: identity,
                refreshToken: context.refreshToken ?? refreshToken,
                logoutToken: session.logoutToken
            )
            return .authorized(context, refreshed: tokens)
        } catch {
            self.logger.debug("refresh failed")
            return nil
        }
    }

    /// What OpenID Connect Core asks of an identity token from a token response, at login and
    /// at refresh, beyond the issuer's own checks: an `azp` must be this client (§3.1.3.7), an
    /// `at_hash` must be the access token's (§3.1.3.6).
    /// - Throws: ``TokenGateError`` `.invalidAuthorizedParty` or `.identityMismatch`.
    private func checkIdentity(_ identity: VerifiedToken, accessToken: String) throws(TokenGateError) {
        _ = try identity.identitySubject()
        if let party = identity.claims["azp"], party.stringValue?.hasSameUTF8(as: self.configuration.clientID) != true {
            throw TokenGateError(.invalidAuthorizedParty)
        }
        guard AccessTokenHash.matches(identity, accessToken: accessToken) else {
            throw TokenGateError(.identityMismatch, detail: "at_hash does not match the access token")
        }
    }

    /// Whether two claim values are both present with the same bytes.
    private static func same(_ left: String?, _ right: String?) -> Bool {
        guard let left, let right else { return false }
        return left.hasSameUTF8(as: right)
    }

    /// The page a refused login shows: the fixed reason (never token content) and a link to
    /// start again; 401 when the issuer or the code was refused, 400 for the browser's own
    /// request (missing, mismatched or expired login). Both adapters answer with it.
    public static func failurePage(for error: TokenGateError, loginPath: String) -> (status: Int, html: String) {
        let status = error.code == .codeExchangeFailed || error.code == .loginDenied ? 401 : 400
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Login failed</title></head><body>
            <h1>Login failed</h1><p id="reason">\(error.code.publicDescription)</p><p><a href="\(loginPath)">Log in again</a></p></body></html>
            """
        return (status, html)
    }

    /// Where a browser without a session goes: the login path with the page it asked for as
    /// `returnTo` (made safe first).
    /// - Parameters:
    ///   - target: The requested path and query.
    ///   - paths: The app's login paths.
    public static func loginLocation(returningTo target: String, paths: WebAppPaths) -> String {
        paths.login + "?returnTo=" + PercentEncoding.encode(Self.safeReturnPath(target))
    }

    /// A return target that can only be a path of this application: it must start with one
    /// `/`, contain no `\`, no control characters and no scheme or host; anything else is `/`.
    /// This is what makes an open redirect after login impossible.
    public static func safeReturnPath(_ candidate: String?) -> String {
        guard let candidate, candidate.utf8.count <= 2048, candidate.hasPrefix("/"), !candidate.hasPrefix("//"),
            !candidate.unicodeScalars.contains(where: { $0 == "\\" || $0.value < 0x21 || $0.value == 0x7F })
        else { return "/" }
        return candidate
    }
}

/// Compares two byte strings in time that depends only on their lengths.
package func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
    return difference == 0
}
