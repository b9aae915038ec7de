public import Logging

extension IssuerVerifier {
    /// Amazon Cognito user pool tokens.
    ///
    /// Following AWS's documentation ("Verifying a JSON Web Token" and "Understanding the access
    /// token" in the Cognito developer guide): the issuer is
    /// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`, keys are at
    /// `{issuer}/.well-known/jwks.json`, `token_use` tells access from identity tokens; access
    /// tokens carry no `aud` but the app client in `client_id`, identity tokens carry it in
    /// `aud`; scopes are the space-separated `scope`, groups `cognito:groups`.
    ///
    /// ```swift
    /// let cognito = IssuerVerifier.cognito(region: "eu-west-1", userPoolID: "eu-west-1_AbCdEf", clientID: appClientID, fetcher: HTTPJWKSFetcher())
    /// ```
    /// - Parameters:
    ///   - region: The AWS region.
    ///   - userPoolID: The user pool.
    ///   - clientID: The app client whose tokens are accepted.
    ///   - tokenUse: Access tokens (default) or identity tokens.
    ///   - fetcher: How the key set is fetched.
    ///   - tokenCache: A verified-token cache (default: a new one; `nil` for none).
    ///   - configure: Adjusts the rules.
    ///   - logger: For the key-set cache.
    /// - Returns: The issuer.
    public static func cognito(
        region: String,
        userPoolID: String,
        clientID: String,
        tokenUse: CognitoTokenUse = .access,
        fetcher: any JWKSFetcher,
        tokenCache: VerifiedTokenCache? = VerifiedTokenCache(),
        configure: (inout TokenVerifier.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "TokenGate.KeySetCache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> IssuerVerifier {
        let issuer = "https://cognito-idp.\(region).amazonaws.com/\(userPoolID)"
        var rules: TokenVerifier.Configuration
        if tokenUse == .access {
            rules = TokenVerifier.Configuration(issuer: issuer, audience: .unchecked)
            rules.requiredClaims["client_id"] = [.string(clientID)]
        } else {
            rules = TokenVerifier.Configuration(issuer: issuer, audience: .oneOf([clientID]))
        }
        rules.requiredClaims["token_use"] = [.string(tokenUse.value)]
        rules.roleClaims = ["cognito:groups"]
        let source = KeySource.jwks(url: issuer + "/.well-known/jwks.json")
        return .preset(rules: rules, source: source, fetcher: fetcher, tokenCache: tokenCache, configure: configure, logger: logger)
    }
}
