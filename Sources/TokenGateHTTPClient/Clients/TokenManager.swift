public import AsyncHTTPClient
public import Logging
import NIOHTTP1
import Synchronization
public import TokenGate

/// Obtains tokens from an App ID (or any OAuth 2.0 / OpenID Connect) token endpoint, with HTTP
/// Basic client authentication, and verifies every token it receives before returning it.
///
/// - ``applicationIdentityToken()``: client credentials, cached and renewed before it expires,
///   with at most one request in flight however many callers wait;
/// - ``passwordTokens(username:password:scopes:)``: the Resource Owner Password grant;
/// - ``refreshTokens(_:scopes:)``: the refresh grant;
/// - ``customIdentityTokens(assertion:scopes:)``: App ID's custom identity (JWT bearer).
///
/// ```swift
/// let manager = TokenManager(credentials: credentials)   // HTTPClient.shared
/// let token = try await manager.applicationIdentityToken()
/// ```
public final class TokenManager: Sendable {
    /// Limits and renewal.
    public struct Configuration: Sendable {
        /// Deadline for each token request (default 10 s).
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

    private struct Cached {
        var tokens: TokenSet?
        var renewAt: Double = 0
        var inFlight: Task<TokenSet, any Error>?
    }

    /// The application's credentials.
    public let credentials: AppIDCredentials
    /// The configuration.
    public let configuration: Configuration
    /// The issuer that verifies received tokens (its key set is fetched with the same client).
    public let issuer: IssuerVerifier
    let exchange: HTTPExchange
    let wallClock: any WallClock
    let logger: Logger
    private let cached = Mutex(Cached())

    /// Creates a manager for an App ID application.
    /// - Parameters:
    ///   - credentials: Client ID, secret, tenant and OAuth server URL.
    ///   - httpClient: Makes the token requests and fetches the verification keys (default:
    ///     `HTTPClient.shared`); not shut down by the manager.
    ///   - configuration: Limits and renewal.
    ///   - issuer: The verifier for received tokens (default: ``TokenGate/IssuerVerifier/appID(_:fetcher:tokenCache:configure:logger:)``
    ///     with an ``HTTPJWKSFetcher`` on the same client).
    ///   - wallClock: Time for renewal.
    ///   - logger: Requests and renewals (never a token or secret).
    public init(
        credentials: AppIDCredentials,
        httpClient: HTTPClient = .shared,
        configuration: Configuration = Configuration(),
        issuer: IssuerVerifier? = nil,
        wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "TokenGate.TokenManager", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.credentials = credentials
        self.configuration = configuration
        var fetching = HTTPJWKSFetcher.Configuration()
        fetching.allowInsecureHTTP = configuration.allowInsecureHTTP
        self.issuer = issuer ?? .appID(credentials, fetcher: HTTPJWKSFetcher(httpClient: httpClient, configuration: fetching), tokenCache: nil)
        self.exchange = HTTPExchange(
            client: httpClient,
            deadline: configuration.deadline,
            maximumBodySize: configuration.maximumResponseSize,
            allowInsecureHTTP: configuration.allowInsecureHTTP
        )
        self.wallClock = wallClock
        self.logger = logger
    }

    /// The application's own access token (client credentials): cached, renewed before it
    /// expires; concurrent callers share one request.
    /// - Throws: ``TokenClientError``.
    public func applicationIdentityToken() async throws(TokenClientError) -> TokenSet {
        let now = self.wallClock.currentDate().secondsSinceEpoch
        let task = self.cached.withLock { cached -> Task<TokenSet, any Error>? in
            if cached.tokens != nil, now < cached.renewAt { return nil }
            if let inFlight = cached.inFlight { return inFlight }
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
            return task
        }
        guard let task else {
            return self.cached.withLock { $0.tokens! }
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
        let body = parameters.sorted { $0.key < $1.key }.map {
            "\(PercentEncoding.encode($0.key, spaceAsPlus: true))=\(PercentEncoding.encode($0.value, spaceAsPlus: true))"
        }
        .joined(separator: "&")
        let reply = try await self.post(self.credentials.tokenEndpoint, body: body)
        guard reply.status == 200 else {
            let error = reply.failure(unauthorized: .invalidClient)
            self.logger.debug("token request refused", metadata: ["status": "\(reply.status)", "error": "\(error.code)"])
            throw error
        }
        return try await self.verify(reply, identity: identity)
    }

    /// A form POST with the client's Basic credentials.
    func post(_ url: String, body: String) async throws(TokenClientError) -> HTTPExchange.Reply {
        try await self.exchange.send(
            .POST,
            url,
            headers: [
                ("Authorization", self.credentials.basicAuthorization), ("Accept", "application/json"),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            body: Array(body.utf8)
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
        let accessToken: VerifiedToken
        var identityToken: VerifiedToken?
        do throws(TokenGateError) {
            accessToken = try await self.issuer.verify(response.accessToken)
            if identity, let raw = response.idToken {
                let verified = try await self.issuer.verify(raw)
                guard verified.claims.subject == accessToken.claims.subject else {
                    throw TokenGateError(.identityMismatch, detail: "identity token for another subject")
                }
                identityToken = verified
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
}
