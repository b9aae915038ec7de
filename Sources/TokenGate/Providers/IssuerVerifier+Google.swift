public import Logging

extension IssuerVerifier {
    /// Google identity tokens (Sign in with Google) for your client.
    ///
    /// Following Google's documentation ("Authenticate with a backend server" and the OpenID
    /// Connect guide): `aud` is your client ID, and the issuer is `https://accounts.google.com`
    /// or `accounts.google.com` (Google uses both); keys come through Google's discovery
    /// document. Google's access tokens are not JWTs meant for third parties.
    ///
    /// ```swift
    /// let google = IssuerVerifier.google(clientID: "1234.apps.googleusercontent.com", fetcher: HTTPJWKSFetcher())
    /// ```
    /// - Parameters:
    ///   - clientID: Your OAuth client ID.
    ///   - fetcher: How the discovery document and the key set are fetched.
    ///   - tokenCache: A verified-token cache (default: a new one; `nil` for none).
    ///   - configure: Adjusts the rules (for example `requiredClaims["hd"]` for a Workspace domain).
    ///   - logger: For the key-set cache.
    /// - Returns: The issuer.
    public static func google(
        clientID: String,
        fetcher: any JWKSFetcher,
        tokenCache: VerifiedTokenCache? = VerifiedTokenCache(),
        configure: (inout TokenVerifier.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "TokenGate.KeySetCache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> IssuerVerifier {
        var rules = TokenVerifier.Configuration(issuer: "https://accounts.google.com", audience: .oneOf([clientID]))
        rules.additionalIssuers = ["accounts.google.com"]
        let source = KeySource.discovery(issuer: "https://accounts.google.com")
        return .preset(rules: rules, source: source, fetcher: fetcher, tokenCache: tokenCache, configure: configure, logger: logger)
    }

    /// Firebase Authentication identity tokens of one project.
    ///
    /// Following Firebase's documentation ("Verify ID tokens using a third-party JWT library"):
    /// the issuer is `https://securetoken.google.com/{projectId}`, `aud` is the project ID, and
    /// `sub` must be a non-empty string of at most 128 characters, and `alg` RS256. Keys come
    /// through the issuer's discovery document, whose `issuer` must match (Firebase's page
    /// publishes the keys as X.509 certificates; the issuer's discovery document names a JWKS).
    ///
    /// ```swift
    /// let firebase = IssuerVerifier.firebase(projectID: "my-project", fetcher: HTTPJWKSFetcher())
    /// ```
    /// - Parameters:
    ///   - projectID: The Firebase project ID.
    ///   - fetcher: How the discovery document and the key set are fetched.
    ///   - tokenCache: A verified-token cache (default: a new one; `nil` for none).
    ///   - configure: Adjusts the rules.
    ///   - logger: For the key-set cache.
    /// - Returns: The issuer.
    public static func firebase(
        projectID: String,
        fetcher: any JWKSFetcher,
        tokenCache: VerifiedTokenCache? = VerifiedTokenCache(),
        configure: (inout TokenVerifier.Configuration) -> Void = { _ in },
        logger: Logger = Logger(label: "TokenGate.KeySetCache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> IssuerVerifier {
        let issuer = "https://securetoken.google.com/\(projectID)"
        var rules = TokenVerifier.Configuration(issuer: issuer, audience: .oneOf([projectID]))
        // Firebase's page: the header's alg must be RS256 and kid one of its keys; sub a
        // non-empty string of at most 128 characters.
        rules.algorithms = [.rs256]
        rules.validators.append(
            ClaimValidator { token in
                guard let subject = token.claims.subject, !subject.isEmpty, subject.count <= 128 else {
                    throw TokenGateError(.missingClaim, detail: "sub empty or over 128 characters")
                }
            }
        )
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
