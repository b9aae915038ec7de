public import Logging

extension IssuerVerifier {
    /// An App ID tenant as a trusted issuer: the rules of ``TokenVerifier/Configuration/appID(_:)``,
    /// keys from `<oauthServerURL>/publickeys`, and a verified-token cache.
    ///
    /// ```swift
    /// let issuer = IssuerVerifier.appID(credentials, fetcher: HTTPJWKSFetcher())
    /// let strategy = APIStrategy(issuer: issuer, configuration: .appID)
    /// ```
    /// - Parameters:
    ///   - credentials: The application's credentials.
    ///   - fetcher: How the key set is fetched.
    ///   - tokenCache: A verified-token cache (default: a new one; `nil` for none).
    ///   - configure: Adjusts the verification rules (leeway, audiences, …).
    ///   - logger: For the key-set cache.
    /// - Returns: The issuer.
    public static func appID(
        _ credentials: AppIDCredentials,
        fetcher: any JWKSFetcher,
        tokenCache: VerifiedTokenCache? = VerifiedTokenCache(),
        configure: (inout TokenVerifier.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "TokenGate.KeySetCache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> IssuerVerifier {
        var rules = TokenVerifier.Configuration.appID(credentials)
        configure(&rules)
        let keys = KeySetCache(
            configuration: KeySetCache.Configuration(source: .appID(oauthServerURL: credentials.oauthServerURL)),
            fetcher: fetcher,
            logger: logger
        )
        return IssuerVerifier(verifier: TokenVerifier(configuration: rules), keys: keys, tokenCache: tokenCache)
    }
}
