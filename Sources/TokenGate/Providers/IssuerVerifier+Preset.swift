public import Logging

extension IssuerVerifier {
    /// A ready issuer from verification rules and a key source: the key-set cache (kept fresh by
    /// the strategy's service, see ``APIStrategy``) and the verified-token cache, as every
    /// provider preset builds it.
    /// - Parameters:
    ///   - rules: The verification rules.
    ///   - source: Where the keys come from.
    ///   - fetcher: How the key set is fetched.
    ///   - tokenCache: A verified-token cache (default: a new one; `nil` for none).
    ///   - configure: Adjusts the rules (leeway, audiences, role claims, ...).
    ///   - logger: For the key-set cache.
    /// - Returns: The issuer.
    public static func preset(
        rules: TokenVerifier.Configuration,
        source: KeySource,
        fetcher: any JWKSFetcher,
        tokenCache: VerifiedTokenCache? = VerifiedTokenCache(),
        configure: (inout TokenVerifier.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "TokenGate.KeySetCache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> IssuerVerifier {
        var rules = rules
        configure(&rules)
        let keys = KeySetCache(configuration: KeySetCache.Configuration(source: source), fetcher: fetcher, logger: logger)
        return IssuerVerifier(verifier: TokenVerifier(configuration: rules), keys: keys, tokenCache: tokenCache)
    }

    /// Any OpenID Connect provider: keys through discovery
    /// (`<issuer>/.well-known/openid-configuration`, whose `issuer` must equal `issuer`), `aud`
    /// one of `audiences`, scopes from `scope` and `scp`.
    ///
    /// ```swift
    /// let issuer = IssuerVerifier.oidc(issuer: "https://id.example.com", audiences: ["my-api"], fetcher: HTTPJWKSFetcher())
    /// ```
    /// - Parameters:
    ///   - issuer: The exact `iss` value.
    ///   - audiences: The accepted `aud` values.
    ///   - fetcher: How the discovery document and the key set are fetched.
    ///   - tokenCache: A verified-token cache (default: a new one; `nil` for none).
    ///   - configure: Adjusts the rules.
    ///   - logger: For the key-set cache.
    /// - Returns: The issuer.
    public static func oidc(
        issuer: String,
        audiences: Set<String>,
        fetcher: any JWKSFetcher,
        tokenCache: VerifiedTokenCache? = VerifiedTokenCache(),
        configure: (inout TokenVerifier.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "TokenGate.KeySetCache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> IssuerVerifier {
        let rules = TokenVerifier.Configuration(issuer: issuer, audience: .oneOf(audiences))
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
