public import Logging

extension IssuerVerifier {
    /// Auth0 access tokens for your API.
    ///
    /// Following Auth0's documentation (auth0.com/docs/secure/tokens/access-tokens and
    /// .../json-web-tokens/json-web-key-sets): the issuer is `https://{domain}/` (with the
    /// trailing slash), keys are at `https://{domain}/.well-known/jwks.json`, `aud` is your
    /// API identifier (a string, or an array that also names the userinfo endpoint), scopes are
    /// the space-separated `scope`, and with RBAC on, `permissions` is an array (the token's
    /// roles here).
    ///
    /// ```swift
    /// let auth0 = IssuerVerifier.auth0(domain: "example.eu.auth0.com", audience: "https://api.example.com", fetcher: HTTPJWKSFetcher())
    /// ```
    /// - Parameters:
    ///   - domain: The tenant's domain (or custom domain), without scheme.
    ///   - audience: Your API identifier.
    ///   - fetcher: How the key set is fetched.
    ///   - tokenCache: A verified-token cache (default: a new one; `nil` for none).
    ///   - configure: Adjusts the rules.
    ///   - logger: For the key-set cache.
    /// - Returns: The issuer.
    public static func auth0(
        domain: String,
        audience: String,
        fetcher: any JWKSFetcher,
        tokenCache: VerifiedTokenCache? = VerifiedTokenCache(),
        configure: (inout TokenVerifier.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "TokenGate.KeySetCache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> IssuerVerifier {
        var rules = TokenVerifier.Configuration(issuer: "https://\(domain)/", audience: .oneOf([audience]))
        rules.roleClaims = ["permissions"]
        let source = KeySource.jwks(url: "https://\(domain)/.well-known/jwks.json")
        return .preset(rules: rules, source: source, fetcher: fetcher, tokenCache: tokenCache, configure: configure, logger: logger)
    }
}
