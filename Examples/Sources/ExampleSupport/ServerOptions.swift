public import ArgumentParser

/// The flags both example servers take. Each has an environment variable of the same meaning
/// (a flag wins over its variable); App ID's `VCAP_SERVICES` credentials are read too.
/// `--provider` picks the identity provider; each preset's own options are read only for it.
public struct ServerOptions: ParsableArguments, Sendable {
    @Option(help: "The port to serve on (env PORT; default 8080).")
    public var port: Int?

    @Option(
        help: ArgumentHelp(
            "The identity provider (env PROVIDER; default appid: App ID, or the embedded issuer when none is configured).",
            valueName: "provider"
        )
    )
    public var provider: ProviderOption?

    @Option(name: .customLong("oauth-server-url"), help: "App ID's OAuth server URL, the issuer; keys at <url>/publickeys (env OAUTH_SERVER_URL).")
    public var oauthServerURL: String?

    @Option(help: "An OpenID Connect issuer (env ISSUER); keys from --jwks-url, else from discovery.")
    public var issuer: String?

    @Option(name: .customLong("jwks-url"), help: "The issuer's JWKS URL (env JWKS_URL).")
    public var jwksURL: String?

    @Option(
        name: .customLong("discovery-url"),
        help: "The issuer's discovery document (env DISCOVERY_URL); the issuer defaults to the URL without /.well-known/openid-configuration."
    )
    public var discoveryURL: String?

    @Option(help: "An accepted audience, for App ID the client ID (repeatable; env AUDIENCE, comma-separated).")
    public var audience: [String] = []

    @Option(name: .customLong("tenant-id"), help: "App ID's tenant ID; tokens must carry it (env TENANT_ID).")
    public var tenantID: String?

    @Option(
        name: .customLong("access-token-type"),
        help:
            "A JOSE typ access tokens must carry, such as at+jwt (RFC 9068), so that identity tokens cannot pass as access tokens (repeatable; env ACCESS_TOKEN_TYPES, comma-separated; default: any)."
    )
    public var accessTokenType: [String] = []

    @Option(help: "Allowed clock difference for exp, nbf and iat, in seconds (env LEEWAY; default 60).")
    public var leeway: Int?

    @Option(
        name: .customLong("issuer-port"),
        help: "The port of the embedded issuer, started when no issuer is configured (env ISSUER_PORT; default 8081)."
    )
    public var issuerPort: Int?

    @Flag(name: .customLong("allow-insecure-http"), help: "Fetch keys over plain http from hosts other than loopback (development only).")
    public var allowInsecureHTTP = false

    @Option(help: "entra: a tenant (directory) ID whose tokens are accepted (repeatable; env TENANT, comma-separated).")
    public var tenant: [String] = []

    @Flag(name: .customLong("any-tenant"), help: "entra: accept tokens of every tenant (a multi-tenant application).")
    public var anyTenant = false

    @Option(
        name: .customLong("entra-version"),
        help: "entra: the token version the API's accessTokenAcceptedVersion gives, v1 or v2 (env ENTRA_VERSION; default v2)."
    )
    public var entraVersion: String?

    @Option(help: "auth0, okta: the domain, without https:// (env DOMAIN).")
    public var domain: String?

    @Option(
        name: .customLong("authorization-server"),
        help: "okta: the custom authorization server's ID (env AUTHORIZATION_SERVER; default default)."
    )
    public var authorizationServer: String?

    @Option(name: .customLong("base-url"), help: "keycloak: the server's base URL, with /auth before Keycloak 17 (env BASE_URL).")
    public var baseURL: String?

    @Option(help: "keycloak: the realm (env REALM).")
    public var realm: String?

    @Option(
        name: .customLong("client-id"),
        help: "keycloak: your client; cognito: the app client; google: the OAuth client ID (env CLIENT_ID)."
    )
    public var clientID: String?

    @Option(help: "cognito: the AWS region, such as eu-west-1 (env REGION).")
    public var region: String?

    @Option(name: .customLong("user-pool"), help: "cognito: the user pool ID, such as eu-west-1_AbCdEf (env USER_POOL).")
    public var userPool: String?

    @Option(name: .customLong("token-use"), help: "cognito: access or id (env TOKEN_USE; default access).")
    public var tokenUse: String?

    @Option(help: "firebase: the project ID (env PROJECT).")
    public var project: String?

    public init() {}

    public func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1–65535") }
        if let issuerPort, !(1...65535).contains(issuerPort) { throw ValidationError("--issuer-port must be 1–65535") }
        if let leeway, !(0...3600).contains(leeway) { throw ValidationError("--leeway must be 0–3600 seconds") }
        if let provider { try self.checkGivenOptions(for: provider) }
    }

    /// The options given on the command line, as `--name` (environment variables not included).
    public var givenOptions: Set<String> {
        var given: Set<String> = []
        let optional: [(String, String?)] = [
            ("--oauth-server-url", self.oauthServerURL), ("--issuer", self.issuer), ("--jwks-url", self.jwksURL),
            ("--discovery-url", self.discoveryURL), ("--tenant-id", self.tenantID), ("--issuer-port", self.issuerPort.map(String.init)),
            ("--entra-version", self.entraVersion), ("--domain", self.domain), ("--authorization-server", self.authorizationServer),
            ("--base-url", self.baseURL), ("--realm", self.realm), ("--client-id", self.clientID), ("--region", self.region),
            ("--user-pool", self.userPool), ("--token-use", self.tokenUse), ("--project", self.project),
        ]
        for case (let name, _?) in optional { given.insert(name) }
        if !self.audience.isEmpty { given.insert("--audience") }
        if !self.tenant.isEmpty { given.insert("--tenant") }
        if self.anyTenant { given.insert("--any-tenant") }
        return given
    }

    /// Refuses options that `provider` does not read, naming the providers that do.
    /// - Parameter provider: The chosen provider.
    /// - Throws: `ValidationError` naming the first such option.
    public func checkGivenOptions(for provider: ProviderOption) throws {
        for option in self.givenOptions.sorted() where !provider.acceptedOptions.contains(option) {
            let readers = ProviderOption.providers(reading: option).map { "--provider \($0.rawValue)" }
            throw ValidationError("\(option) is not an option of --provider \(provider.rawValue); it is read by \(readers.joined(separator: " or "))")
        }
    }
}
