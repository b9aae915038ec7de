public import Logging

extension IssuerVerifier {
    /// Okta access tokens from a custom authorization server.
    ///
    /// Following Okta's documentation (developer.okta.com/docs/guides/validate-access-tokens and
    /// the OpenID Connect API reference): the issuer is `https://{domain}/oauth2/{server}`, keys
    /// are at `{issuer}/v1/keys`, `aud` is the server's audience, scopes are `scp`, a JSON array,
    /// and groups are in `groups` when the server adds that claim. Tokens of the org
    /// authorization server (issuer `https://{domain}`) are meant for Okta's own APIs only, so this
    /// preset is for custom servers.
    ///
    /// ```swift
    /// let okta = IssuerVerifier.okta(domain: "example.okta.com", audience: "api://default", fetcher: HTTPJWKSFetcher())
    /// ```
    /// - Parameters:
    ///   - domain: The Okta domain, without scheme.
    ///   - authorizationServer: The custom authorization server's ID (default `default`).
    ///   - audience: The server's audience.
    ///   - fetcher: How the key set is fetched.
    ///   - tokenCache: A verified-token cache (default: a new one; `nil` for none).
    ///   - configure: Adjusts the rules.
    ///   - logger: For the key-set cache.
    /// - Returns: The issuer.
    public static func okta(
        domain: String,
        authorizationServer: String = "default",
        audience: String,
        fetcher: any JWKSFetcher,
        tokenCache: VerifiedTokenCache? = VerifiedTokenCache(),
        configure: (inout TokenVerifier.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "TokenGate.KeySetCache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> IssuerVerifier {
        let issuer = "https://\(domain)/oauth2/\(authorizationServer)"
        var rules = TokenVerifier.Configuration(issuer: issuer, audience: .oneOf([audience]))
        rules.roleClaims = ["groups"]
        return .preset(
            rules: rules,
            source: .jwks(url: issuer + "/v1/keys"),
            fetcher: fetcher,
            tokenCache: tokenCache,
            configure: configure,
            logger: logger
        )
    }
}
