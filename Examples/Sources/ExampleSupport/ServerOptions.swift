public import ArgumentParser

/// The flags both example servers take. Each has an environment variable of the same meaning
/// (a flag wins over its variable); App ID's `VCAP_SERVICES` credentials are read too.
public struct ServerOptions: ParsableArguments, Sendable {
    @Option(help: "The port to serve on (env PORT; default 8080).")
    public var port: Int?

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

    public init() {}

    public func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1–65535") }
        if let issuerPort, !(1...65535).contains(issuerPort) { throw ValidationError("--issuer-port must be 1–65535") }
        if let leeway, !(0...3600).contains(leeway) { throw ValidationError("--leeway must be 0–3600 seconds") }
    }
}
