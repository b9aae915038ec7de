public import AsyncHTTPClient
public import Logging
import NIOHTTP1
import Synchronization
public import TokenGate

/// Obtains tokens from any OpenID Connect provider's token endpoint (found through its
/// discovery document, see ``discover(issuer:discoveryURL:clientID:authentication:httpClient:configuration:accessTokenFormat:wallClock:logger:)``)
/// or App ID's, authenticating the client as ``ClientAuthentication`` says, and verifies every
/// token it can read before returning it (identity tokens always; access tokens when the
/// provider addresses them to the client, see ``TokenGate/AccessTokenFormat``).
///
/// - ``applicationIdentityToken()``: client credentials, cached and renewed before it expires,
///   with at most one request in flight however many callers wait;
/// - ``passwordTokens(username:password:scopes:)``: the Resource Owner Password grant;
/// - ``refreshTokens(_:scopes:)``: the refresh grant;
/// - ``customIdentityTokens(assertion:scopes:)``: App ID's custom identity (JWT bearer).
///
/// ```swift
/// let manager = TokenManager(credentials: credentials)   // App ID, HTTPClient.shared
/// let token = try await manager.applicationIdentityToken()
///
/// let other = try await TokenManager.discover(issuer: "https://id.example.com", clientID: "my-app",
///                                             authentication: .clientSecretPost(secret))
/// let tokens = try await other.passwordTokens(username: email, password: password)
/// ```
public final class TokenManager: Sendable {
    /// Limits and renewal.
    public struct Configuration: Sendable {
        /// Deadline for each token request, and for the discovery document and keys the manager fetches (default 10 s).
        public var deadline: Duration = .seconds(10)
        /// The largest token response read (default 64 KiB).
        public var maximumResponseSize: Int = 64 * 1024
        /// The cached application token is renewed this long before it expires, or at half its
        /// lifetime when that is sooner (default 60 s).
        public var renewBefore: Duration = .seconds(60)
        /// Plain http to a non-loopback token endpoint (and key set); for development only
        /// (default off).
        public var allowInsecureHTTP: Bool = false

        /// The defaults.
        public init() {}
    }

    /// The cached application token, or the request that is getting one.
    private enum CachedOrWaiting: Sendable {
        case cached(TokenSet)
        case waiting(Task<TokenSet, any Error>)
    }

    private struct Cached {
        var tokens: TokenSet?
        var renewAt: Double = 0
        var inFlight: Task<TokenSet, any Error>?
    }

    /// The App ID credentials, when the manager was made from them.
    public let credentials: AppIDCredentials?
    /// The client ID.
    public let clientID: String
    /// How the client authenticates to the token, revocation and introspection endpoints.
    public let authentication: ClientAuthentication
    /// The provider's endpoints.
    public let endpoints: ProviderEndpoints
    /// Whether access tokens are verified (addressed to the client) or kept opaque.
    public let accessTokenFormat: AccessTokenFormat
    /// The configuration.
    public let configuration: Configuration
    /// The issuer that verifies received tokens (its key set is fetched with the same client).
    public let issuer: IssuerVerifier
    let exchange: HTTPExchange
    let wallClock: any WallClock
    let logger: Logger
    private let cached = Mutex(Cached())

    /// Creates a manager for any OAuth 2.0 / OpenID Connect provider.
    /// - Parameters:
    ///   - clientID: The client ID.
    ///   - authentication: How the client authenticates (`client_secret_basic`, `client_secret_post`,
    ///     `private_key_jwt`, or none for a public client).
    ///   - endpoints: The provider's endpoints (``TokenGate/ProviderEndpoints/discover(issuer:discoveryURL:fetcher:maximumBodySize:)``).
    ///   - httpClient: Makes the requests and fetches the verification keys (default:
    ///     `HTTPClient.shared`); not shut down by the manager.
    ///   - configuration: Limits and renewal.
    ///   - accessTokenFormat: Whether access tokens are JWTs addressed to this client (then
    ///     verified) or opaque to it (default; kept with the response's `expires_in`).
    ///   - issuer: The verifier for received tokens (default: `iss` = `endpoints.issuer`,
    ///     `aud` = `clientID`, keys from `endpoints.jwks`, else through discovery).
    ///   - wallClock: Time for renewal and client assertions.
    ///   - logger: Requests and renewals (never a token or secret).
    public convenience init(
        clientID: String,
        authentication: ClientAuthentication,
        endpoints: ProviderEndpoints,
        httpClient: HTTPClient = .shared,
        configuration: Configuration = Configuration(),
        accessTokenFormat: AccessTokenFormat = .opaque,
        issuer: IssuerVerifier? = nil,
        wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "TokenGate.TokenManager", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.init(
            credentials: nil,
            clientID: clientID,
            authentication: authentication,
            endpoints: endpoints,
            httpClient: httpClient,
            configuration: configuration,
            accessTokenFormat: accessTokenFormat,
            issuer: issuer
                ?? .preset(
                    rules: TokenVerifier.Configuration(issuer: endpoints.issuer, audience: .oneOf([clientID])),
                    source: endpoints.jwks.map { .jwks(url: $0) } ?? .discovery(issuer: endpoints.issuer),
                    fetcher: Self.fetcher(httpClient, configuration),
                    tokenCache: nil
                ),
            wallClock: wallClock,
            logger: logger
        )
    }

    /// Creates a manager for an App ID application: App ID's endpoints
    /// (``TokenGate/ProviderEndpoints/appID(_:)``), `client_secret_basic`, access tokens
    /// addressed to the client.
    /// - Parameters:
    ///   - credentials: Client ID, secret, tenant and OAuth server URL.
    ///   - httpClient: Makes the token requests and fetches the verification keys (default:
    ///     `HTTPClient.shared`); not shut down by the manager.
    ///   - configuration: Limits and renewal.
    ///   - issuer: The verifier for received tokens (default: ``TokenGate/IssuerVerifier/appID(_:fetcher:tokenCache:configure:logger:)``
    ///     with an ``HTTPJWKSFetcher`` on the same client).
    ///   - wallClock: Time for renewal.
    ///   - logger: Requests and renewals (never a token or secret).
    public convenience init(
        credentials: AppIDCredentials,
        httpClient: HTTPClient = .shared,
        configuration: Configuration = Configuration(),
        issuer: IssuerVerifier? = nil,
        wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "TokenGate.TokenManager", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.init(
            credentials: credentials,
            clientID: credentials.clientID,
            authentication: .appIDBasic(credentials),
            endpoints: .appID(credentials),
            httpClient: httpClient,
            configuration: configuration,
            accessTokenFormat: .addressedToClient,
            issuer: issuer ?? .appID(credentials, fetcher: Self.fetcher(httpClient, configuration), tokenCache: nil),
            wallClock: wallClock,
            logger: logger
        )
    }

    private init(
        credentials: AppIDCredentials?,
        clientID: String,
        authentication: ClientAuthentication,
        endpoints: ProviderEndpoints,
        httpClient: HTTPClient,
        configuration: Configuration,
        accessTokenFormat: AccessTokenFormat,
        issuer: IssuerVerifier,
        wallClock: any WallClock,
        logger: Logger
    ) {
        self.credentials = credentials
        self.clientID = clientID
        self.authentication = authentication
        self.endpoints = endpoints
        self.accessTokenFormat = accessTokenFormat
        self.configuration = configuration
        self.issuer = issuer
        self.exchange = HTTPExchange(
            client: httpClient,
            deadline: configuration.deadline,
            maximumBodySize: configuration.maximumResponseSize,
            allowInsecureHTTP: configuration.allowInsecureHTTP
        )
        self.wallClock = wallClock
        self.logger = logger
    }

    /// Reads `issuer`'s discovery document (with `httpClient`, within the key fetcher's bounds)
    /// and creates a manager for its endpoints.
    ///
    /// ```swift
    /// let manager = try await TokenManager.discover(issuer: "https://id.example.com", clientID: "my-app",
    ///                                               authentication: .clientSecretBasic(secret))
    /// ```
    /// - Parameters:
    ///   - issuer: The issuer; the document's `issuer` must be exactly this.
    ///   - discoveryURL: The document's URL when it is not `<issuer>/.well-known/openid-configuration`.
    ///   - clientID: The client ID.
    ///   - authentication: How the client authenticates; when the provider publishes
    ///     `token_endpoint_auth_methods_supported`, it must be one of them.
    ///   - httpClient: Makes every request (default `HTTPClient.shared`).
    ///   - configuration: Limits and renewal (`deadline` and `allowInsecureHTTP` also apply to the document and the keys).
    ///   - accessTokenFormat: See ``init(clientID:authentication:endpoints:httpClient:configuration:accessTokenFormat:issuer:wallClock:logger:)``.
    ///   - wallClock: Time for renewal and client assertions.
    ///   - logger: Requests and renewals.
    /// - Throws: ``TokenClientError``: `.network` (the document could not be fetched),
    ///   `.insecureURL` (an endpoint that is not https), `.invalidResponse` (another issuer, no
    ///   `token_endpoint`, a mistyped member; ``TokenClientError/tokenError`` says which),
    ///   `.unsupportedByProvider` (an authentication method the provider does not list).
    public static func discover(
        issuer: String,
        discoveryURL: String? = nil,
        clientID: String,
        authentication: ClientAuthentication,
        httpClient: HTTPClient = .shared,
        configuration: Configuration = Configuration(),
        accessTokenFormat: AccessTokenFormat = .opaque,
        wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "TokenGate.TokenManager", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws(TokenClientError) -> TokenManager {
        let endpoints: ProviderEndpoints
        do {
            endpoints = try await ProviderEndpoints.discover(
                issuer: issuer,
                discoveryURL: discoveryURL,
                fetcher: Self.fetcher(httpClient, configuration)
            )
        } catch {
            throw TokenClientError(discoveryError: error)
        }
        let methods = endpoints.tokenEndpointAuthMethods
        guard methods.isEmpty || methods.contains(authentication.methodName) else {
            throw TokenClientError(
                .unsupportedByProvider,
                serverDescription: "the provider's token endpoint does not accept \(authentication.methodName)"
            )
        }
        return TokenManager(
            clientID: clientID,
            authentication: authentication,
            endpoints: endpoints,
            httpClient: httpClient,
            configuration: configuration,
            accessTokenFormat: accessTokenFormat,
            wallClock: wallClock,
            logger: logger
        )
    }

    /// The fetcher for the discovery document and the verification keys: the manager's client,
    /// its deadline and its rule on plain http.
    private static func fetcher(_ httpClient: HTTPClient, _ configuration: Configuration) -> HTTPJWKSFetcher {
        var fetching = HTTPJWKSFetcher.Configuration()
        fetching.allowInsecureHTTP = configuration.allowInsecureHTTP
        fetching.deadline = configuration.deadline
        return HTTPJWKSFetcher(httpClient: httpClient, configuration: fetching)
    }

    /// The application's own access token (client credentials): cached, renewed before it
    /// expires; concurrent callers share one request.
    /// - Throws: ``TokenClientError``.
    public func applicationIdentityToken() async throws(TokenClientError) -> TokenSet {
        let now = self.wallClock.currentDate().secondsSinceEpoch
        // The cached token is taken in the same locked section that finds it fresh: between two
        // sections, invalidateApplicationIdentityToken() could have removed it.
        let found = self.cached.withLock { cached -> CachedOrWaiting in
            if let tokens = cached.tokens, now < cached.renewAt { return .cached(tokens) }
            if let inFlight = cached.inFlight { return .waiting(inFlight) }
            let task = Task<TokenSet, any Error> {
                do {
                    let tokens = try await self.request(["grant_type": "client_credentials"], identity: false)
                    self.cached.withLock { cached in
                        cached.tokens = tokens
                        cached.renewAt = self.renewalTime(tokens)
                        cached.inFlight = nil
                    }
                    return tokens
                } catch {
                    self.cached.withLock { $0.inFlight = nil }
                    throw error
                }
            }
            cached.inFlight = task
            return .waiting(task)
        }
        let task: Task<TokenSet, any Error>
        switch found {
        case .cached(let tokens): return tokens
        case .waiting(let inFlight): task = inFlight
        }
        do {
            return try await task.value
        } catch let error as TokenClientError {
            throw error
        } catch {
            throw TokenClientError(.network, underlying: error)
        }
    }

    /// Forgets the cached application token (the next call requests a new one).
    public func invalidateApplicationIdentityToken() {
        self.cached.withLock { $0.tokens = nil }
    }

    /// The Resource Owner Password grant: access, identity and (when enabled) refresh tokens.
    /// - Parameters:
    ///   - username: The user's login name.
    ///   - password: The user's password.
    ///   - scopes: Extra scopes to ask for.
    /// - Throws: ``TokenClientError``; `.invalidGrant` for wrong credentials, `.rateLimited`
    ///   after too many failed logins.
    public func passwordTokens(username: String, password: String, scopes: [String] = []) async throws(TokenClientError) -> TokenSet {
        var parameters = ["grant_type": "password", "username": username, "password": password]
        if !scopes.isEmpty { parameters["scope"] = scopes.joined(separator: " ") }
        return try await self.request(parameters, identity: true)
    }

    /// The refresh grant: new tokens (and, with rotating refresh tokens, a new refresh token).
    /// - Throws: ``TokenClientError``; `.invalidGrant` for a used, revoked or expired token.
    public func refreshTokens(_ refreshToken: String, scopes: [String] = []) async throws(TokenClientError) -> TokenSet {
        var parameters = ["grant_type": "refresh_token", "refresh_token": refreshToken]
        if !scopes.isEmpty { parameters["scope"] = scopes.joined(separator: " ") }
        return try await self.request(parameters, identity: true)
    }

    /// App ID's custom identity: a JWT signed by your identity provider, exchanged for App ID
    /// tokens (`urn:ietf:params:oauth:grant-type:jwt-bearer`).
    /// - Throws: ``TokenClientError``; `.invalidGrant` for an assertion the server refuses.
    public func customIdentityTokens(assertion: String, scopes: [String] = []) async throws(TokenClientError) -> TokenSet {
        var parameters = ["grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion]
        if !scopes.isEmpty { parameters["scope"] = scopes.joined(separator: " ") }
        return try await self.request(parameters, identity: true)
    }

    // MARK: - Internals

    func renewalTime(_ tokens: TokenSet) -> Double {
        let now = self.wallClock.currentDate().secondsSinceEpoch
        let expiry = tokens.accessToken.claims.expiresAt?.secondsSinceEpoch ?? (now + (tokens.expiresIn?.seconds ?? 0))
        let margin = min(self.configuration.renewBefore.seconds, max(0, expiry - now) / 2)
        return expiry - margin
    }

    func request(_ parameters: [String: String], identity: Bool) async throws(TokenClientError) -> TokenSet {
        let reply = try await self.post(self.endpoints.token, fields: parameters.sorted { $0.key < $1.key })
        guard reply.status == 200 else {
            let error = reply.failure(unauthorized: .invalidClient)
            self.logger.debug("token request refused", metadata: ["status": "\(reply.status)", "error": "\(error.code)"])
            throw error
        }
        return try await self.verify(reply, identity: identity)
    }

    /// A form POST to `url` with `fields` and the client's authentication.
    func post(_ url: String, fields: [(String, String)]) async throws(TokenClientError) -> HTTPExchange.Reply {
        let now = self.wallClock.currentDate().secondsSinceEpoch
        let proof = try self.authentication.credentials(clientID: self.clientID, endpoint: url, now: now)
        return try await self.exchange.send(
            .POST,
            url,
            headers: proof.headers + [("Accept", "application/json"), ("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(FormEncoding.body(fields + proof.fields).utf8)
        )
    }

    private func verify(_ reply: HTTPExchange.Reply, identity: Bool) async throws(TokenClientError) -> TokenSet {
        let response = try reply.decode(TokenResponse.self, what: "token response")
        guard !response.accessToken.isEmpty else {
            throw TokenClientError(.invalidResponse, status: reply.status, serverDescription: "the token response has an empty access_token")
        }
        if let type = response.tokenType, type.lowercased() != "bearer" {
            throw TokenClientError(.invalidResponse, status: reply.status, serverDescription: "token_type is not Bearer")
        }
        var accessToken: VerifiedToken
        var identityToken: VerifiedToken?
        do throws(TokenGateError) {
            if identity, let raw = response.idToken { identityToken = try await self.issuer.verify(raw) }
            if self.accessTokenFormat == .addressedToClient {
                accessToken = try await self.issuer.verify(response.accessToken)
            } else {
                accessToken = self.opaque(response, subject: identityToken?.claims.subject)
            }
            if let identityToken, accessToken.claims.subject?.hasSameUTF8(as: try identityToken.identitySubject()) != true {
                throw TokenGateError(.identityMismatch, detail: "identity token for another subject")
            }
        } catch {
            throw TokenClientError(.invalidToken, status: reply.status, tokenError: error)
        }
        return TokenSet(
            accessToken: accessToken,
            identityToken: identityToken,
            refreshToken: response.refreshToken,
            expiresIn: response.expiresIn.map { .seconds($0) },
            scopes: response.scope.map { $0.split(separator: " ").map(String.init) } ?? accessToken.claims.scopes
        )
    }

    /// An access token this client does not read: what the response says about it.
    private func opaque(_ response: TokenResponse, subject: String?) -> VerifiedToken {
        VerifiedToken.opaque(
            response.accessToken,
            issuer: self.endpoints.issuer,
            subject: subject,
            expiresAt: response.expiresIn.map { self.wallClock.currentDate().secondsSinceEpoch + $0 },
            scope: response.scope
        )
    }
}
