/// Where a provider's OAuth 2.0 and OpenID Connect endpoints are: read from its discovery
/// document (OpenID Connect Discovery 1.0 §3, RFC 8414), or App ID's fixed paths.
///
/// The token client, the profile client and the web login take their URLs from here, so they
/// work with any provider that publishes a discovery document.
///
/// ```swift
/// let endpoints = try await ProviderEndpoints.discover(issuer: "https://id.example.com", fetcher: HTTPJWKSFetcher())
/// let appID = ProviderEndpoints.appID(credentials)
/// ```
public struct ProviderEndpoints: Sendable, Hashable {
    /// The issuer (`iss` of its tokens).
    public var issuer: String
    /// The authorization endpoint (browser login).
    public var authorization: String?
    /// The token endpoint.
    public var token: String
    /// The UserInfo endpoint.
    public var userInfo: String?
    /// The key set (`jwks_uri`).
    public var jwks: String?
    /// The token revocation endpoint (RFC 7009).
    public var revocation: String?
    /// The token introspection endpoint (RFC 7662).
    public var introspection: String?
    /// The end-session endpoint (OpenID Connect RP-Initiated Logout 1.0).
    public var endSession: String?
    /// The client authentication methods the token endpoint accepts
    /// (`token_endpoint_auth_methods_supported`; empty when not published).
    public var tokenEndpointAuthMethods: [String]

    /// Creates endpoints from known URLs.
    /// - Parameters:
    ///   - issuer: The issuer.
    ///   - authorization: The authorization endpoint.
    ///   - token: The token endpoint.
    ///   - userInfo: The UserInfo endpoint.
    ///   - jwks: The key set URL.
    ///   - revocation: The revocation endpoint.
    ///   - introspection: The introspection endpoint.
    ///   - endSession: The end-session endpoint.
    ///   - tokenEndpointAuthMethods: The client authentication methods the token endpoint accepts.
    public init(
        issuer: String,
        authorization: String? = nil,
        token: String,
        userInfo: String? = nil,
        jwks: String? = nil,
        revocation: String? = nil,
        introspection: String? = nil,
        endSession: String? = nil,
        tokenEndpointAuthMethods: [String] = []
    ) {
        self.issuer = issuer
        self.authorization = authorization
        self.token = token
        self.userInfo = userInfo
        self.jwks = jwks
        self.revocation = revocation
        self.introspection = introspection
        self.endSession = endSession
        self.tokenEndpointAuthMethods = tokenEndpointAuthMethods
    }

    /// App ID's endpoints, at their documented paths under the OAuth server URL.
    /// - Parameter credentials: The application's credentials.
    public static func appID(_ credentials: AppIDCredentials) -> ProviderEndpoints {
        let base = credentials.oauthServerURL
        return ProviderEndpoints(
            issuer: base,
            authorization: base + "/authorization",
            token: base + "/token",
            userInfo: base + "/userinfo",
            jwks: base + "/publickeys",
            revocation: base + "/revoke",
            introspection: base + "/introspect",
            tokenEndpointAuthMethods: ["client_secret_basic"]
        )
    }

    /// Reads a discovery document. Its `issuer` must be `issuer` byte for byte (OpenID Connect
    /// Discovery §4.3), every endpoint must be https (plain http only on loopback) without user
    /// information, and `token_endpoint` must be present.
    /// - Parameters:
    ///   - document: The document's bytes.
    ///   - issuer: The issuer the document must speak for.
    /// - Throws: ``TokenGateError`` `.discoveryMismatch` (wrong issuer, missing or mistyped
    ///   member) or `.fetchInsecureURL` (an endpoint that is not https).
    public init(discoveryDocument document: some Collection<UInt8>, issuer: String) throws(TokenGateError) {
        let members = try DiscoveredEndpoints.read(document, issuer: issuer)
        guard let token = members.tokenEndpoint else {
            throw TokenGateError(.discoveryMismatch, detail: "discovery document has no token_endpoint")
        }
        let urls = [
            members.authorizationEndpoint, token, members.userinfoEndpoint, members.jwksURI, members.revocationEndpoint,
            members.introspectionEndpoint, members.endSessionEndpoint,
        ]
        for case let url? in urls {
            guard let parts = URLParts(url), parts.isDiscoverableEndpoint else {
                throw TokenGateError(.fetchInsecureURL, detail: "a discovered endpoint is not https (plain http only on loopback)")
            }
        }
        self.init(
            issuer: members.issuer,
            authorization: members.authorizationEndpoint,
            token: token,
            userInfo: members.userinfoEndpoint,
            jwks: members.jwksURI,
            revocation: members.revocationEndpoint,
            introspection: members.introspectionEndpoint,
            endSession: members.endSessionEndpoint,
            tokenEndpointAuthMethods: members.tokenEndpointAuthMethodsSupported ?? []
        )
    }

    /// Fetches and reads `issuer`'s discovery document (at `discoveryURL`, by default
    /// `<issuer>/.well-known/openid-configuration`) with `fetcher`, within its bounds.
    /// - Parameters:
    ///   - issuer: The issuer the document must speak for.
    ///   - discoveryURL: The document's URL, when it is not at the well-known path.
    ///   - fetcher: Fetches the document (for example `HTTPJWKSFetcher()`).
    ///   - maximumBodySize: The largest document read (default 256 KiB).
    /// - Throws: ``TokenGateError``: a fetch code, `.discoveryMismatch` or `.fetchInsecureURL`.
    public static func discover(
        issuer: String,
        discoveryURL: String? = nil,
        fetcher: any JWKSFetcher,
        maximumBodySize: Int = 256 * 1024
    ) async throws(TokenGateError) -> ProviderEndpoints {
        let trimmed = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        let url = discoveryURL ?? trimmed + "/.well-known/openid-configuration"
        let response = try await fetcher.fetch(FetchRequest(url: url, maximumBodySize: maximumBodySize))
        guard response.status == .ok else {
            throw TokenGateError(.fetchStatus, detail: "discovery document not modified without a cached copy")
        }
        return try ProviderEndpoints(discoveryDocument: response.body, issuer: issuer)
    }
}
