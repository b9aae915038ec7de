public import Logging

extension IssuerVerifier {
    /// Microsoft Entra ID (Azure AD) access tokens for your API, from one tenant or from several
    /// (multi-tenant applications).
    ///
    /// Following Microsoft's documentation of its tokens (learn.microsoft.com/entra/identity-platform/access-tokens):
    /// the issuer is checked against the tenant in `tid`; keys come from
    /// `https://login.microsoftonline.com/{tenant or common}/discovery/v2.0/keys` (v1.0:
    /// `…/discovery/keys`); `aud` is your
    /// API's client ID (v2.0) or App ID URI (v1.0); scopes are the space-separated `scp`;
    /// app roles and application permissions are `roles` (groups, in `groups`, become roles only
    /// when `configure` adds that claim: a group's display name is chosen by whoever may create
    /// groups, not necessarily an administrator). Tokens for Microsoft Graph
    /// cannot be verified by anyone but Graph, and are refused.
    ///
    /// ```swift
    /// let entra = IssuerVerifier.entra(tenants: .oneOf([tenantID]), audiences: [apiClientID], fetcher: HTTPJWKSFetcher())
    /// ```
    /// - Parameters:
    ///   - tenants: The tenants whose tokens are accepted (`.oneOf([tenantID])` for a
    ///     single-tenant application, `.any` for one open to every organization).
    ///   - audiences: The accepted `aud` values (client ID and/or App ID URI of your API).
    ///   - version: The issuer form (default v2.0).
    ///   - fetcher: How the key set is fetched.
    ///   - tokenCache: A verified-token cache (default: a new one; `nil` for none).
    ///   - configure: Adjusts the rules.
    ///   - logger: For the key-set cache.
    /// - Returns: The issuer.
    public static func entra(
        tenants: IssuerTenants,
        audiences: Set<String>,
        version: EntraVersion = .v2,
        fetcher: any JWKSFetcher,
        tokenCache: VerifiedTokenCache? = VerifiedTokenCache(),
        configure: (inout TokenVerifier.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "TokenGate.KeySetCache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> IssuerVerifier {
        var rules = TokenVerifier.Configuration(issuer: version.issuerTemplate, audience: .oneOf(audiences))
        rules.issuerTenants = tenants
        rules.scopeClaims = ["scp"]
        rules.roleClaims = ["roles"]
        // One tenant: its own key endpoint; several: the common one, which serves every tenant.
        let keyTenant: String
        if case .oneOf(let listed) = tenants.backing, listed.count == 1, let only = listed.first {
            keyTenant = only
        } else {
            keyTenant = "common"
        }
        let source = KeySource.jwks(url: "https://login.microsoftonline.com/\(keyTenant)/\(version.keysPath)")
        return .preset(rules: rules, source: source, fetcher: fetcher, tokenCache: tokenCache, configure: configure, logger: logger)
    }
}
