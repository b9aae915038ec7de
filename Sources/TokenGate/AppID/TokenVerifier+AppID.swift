extension TokenVerifier.Configuration {
    /// The rules for an App ID application's tokens: `iss` is the OAuth server URL, `aud` must
    /// contain the client ID, `tenant` must be the tenant ID, and only RS256 (the one algorithm
    /// App ID signs with) is accepted.
    ///
    /// ```swift
    /// var rules = TokenVerifier.Configuration.appID(credentials)
    /// rules.leeway = .seconds(30)
    /// ```
    /// - Parameter credentials: The application's credentials.
    /// - Returns: The configuration; adjust its `var`s as needed.
    public static func appID(_ credentials: AppIDCredentials) -> TokenVerifier.Configuration {
        var configuration = TokenVerifier.Configuration(issuer: credentials.oauthServerURL, audience: .oneOf([credentials.clientID]))
        configuration.tenant = credentials.tenantID
        configuration.algorithms = [.rs256]
        return configuration
    }
}
