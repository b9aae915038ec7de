public import Logging

extension IssuerVerifier {
    /// Keycloak access tokens of one realm.
    ///
    /// Following Keycloak's documentation (server administration guide, "OpenID Connect
    /// endpoints" and "Audience support"): the issuer is `{base}/realms/{realm}` (before
    /// Keycloak 17 the base URL ended in `/auth`), keys come through discovery, realm roles are
    /// `realm_access.roles` and client roles `resource_access.{client}.roles`. Keycloak puts an
    /// `aud` only when an audience mapper or client scope adds one, so the token is bound to your
    /// client by `azp` unless `audience` is given. Its access tokens carry `"typ": "Bearer"` in
    /// the payload (identity tokens `"ID"`), which is required here so an identity token is never
    /// taken for an access token.
    ///
    /// ```swift
    /// let keycloak = IssuerVerifier.keycloak(baseURL: "https://sso.example.com", realm: "staff", clientID: "orders-api", fetcher: HTTPJWKSFetcher())
    /// ```
    /// - Parameters:
    ///   - baseURL: The server's base URL (with `/auth` for Keycloak before 17).
    ///   - realm: The realm.
    ///   - clientID: Your client, whose roles are read and which must be the token's `azp`
    ///     when no audience is given.
    ///   - audience: The `aud` your tokens carry, when an audience mapper adds one.
    ///   - fetcher: How the discovery document and the key set are fetched.
    ///   - tokenCache: A verified-token cache (default: a new one; `nil` for none).
    ///   - configure: Adjusts the rules.
    ///   - logger: For the key-set cache.
    /// - Returns: The issuer.
    public static func keycloak(
        baseURL: String,
        realm: String,
        clientID: String,
        audience: String? = nil,
        fetcher: any JWKSFetcher,
        tokenCache: VerifiedTokenCache? = VerifiedTokenCache(),
        configure: (inout TokenVerifier.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "TokenGate.KeySetCache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> IssuerVerifier {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let issuer = "\(base)/realms/\(realm)"
        var rules = TokenVerifier.Configuration(issuer: issuer, audience: audience.map { .oneOf([$0]) } ?? .unchecked)
        rules.roleClaims = [ClaimPath("realm_access", "roles"), ClaimPath("resource_access", clientID, "roles")]
        rules.requiredClaims["typ"] = ["Bearer"]
        if audience == nil { rules.requiredClaims["azp"] = [.string(clientID)] }
        return .preset(
            rules: rules,
            source: .discovery(issuer: issuer),
            fetcher: fetcher,
            tokenCache: tokenCache,
            configure: configure,
            logger: logger
        )
    }
}
