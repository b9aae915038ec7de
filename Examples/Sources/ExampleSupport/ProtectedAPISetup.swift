import ArgumentParser
public import TokenGate
public import TokenGateHTTPClient
public import TokenGateLocalIssuer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What both example servers need: the port, the strategy guarding `/api/protected`, and,
/// when no issuer is configured, the embedded local issuer with an application and a user.
public struct ProtectedAPISetup: Sendable {
    /// The port to serve on.
    public let port: Int
    /// The strategy.
    public let strategy: APIStrategy
    /// The fetcher (its HTTP client must be shut down at the end).
    public let fetcher: HTTPJWKSFetcher
    /// The embedded issuer, when one was started.
    public let embeddedIssuer: LocalIssuer?
    /// What to print once the server listens.
    public let banner: String
    let issuerTask: Task<Void, any Error>?

    /// Reads the options and the environment, and builds the strategy: the `--provider` preset,
    /// or App ID's (starting the embedded issuer when nothing is configured).
    /// - Throws: `ValidationError` for contradictory or incomplete configuration.
    public static func make(_ options: ServerOptions, framework: String) async throws -> ProtectedAPISetup {
        let provider = try options.provider ?? Self.environmentProvider() ?? .appid
        try options.checkGivenOptions(for: provider)
        let port = try options.port ?? Self.environmentInt("PORT") ?? 8080
        let leeway = try options.leeway ?? Self.environmentInt("LEEWAY")
        var audiences = options.audience
        if audiences.isEmpty, let list = Self.environment("AUDIENCE") {
            audiences = list.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        }
        let tenantID = options.tenantID ?? Self.environment("TENANT_ID")
        var accessTokenTypes = options.accessTokenType
        if accessTokenTypes.isEmpty, let list = Self.environment("ACCESS_TOKEN_TYPES") {
            accessTokenTypes = list.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        }
        let oauthServerURL = options.oauthServerURL ?? Self.environment("OAUTH_SERVER_URL")
        let issuer = options.issuer ?? Self.environment("ISSUER")
        let jwksURL = options.jwksURL ?? Self.environment("JWKS_URL")
        let discoveryURL = options.discoveryURL ?? Self.environment("DISCOVERY_URL")

        var fetcherConfiguration = HTTPJWKSFetcher.Configuration()
        fetcherConfiguration.allowInsecureHTTP = options.allowInsecureHTTP
        let fetcher = HTTPJWKSFetcher(configuration: fetcherConfiguration)
        let base = "http://127.0.0.1:\(port)"
        if provider != .appid {
            return try Self.preset(
                provider,
                options: options,
                port: port,
                leeway: leeway,
                accessTokenTypes: accessTokenTypes,
                fetcher: fetcher,
                framework: framework
            )
        }

        func rules(_ issuer: String) -> TokenVerifier.Configuration {
            var rules = TokenVerifier.Configuration(issuer: issuer, audience: .oneOf(audiences))
            rules.tenant = tenantID
            if let leeway { rules.leeway = .seconds(leeway) }
            return rules
        }
        func verifier(_ rules: TokenVerifier.Configuration, _ source: KeySource) -> IssuerVerifier {
            IssuerVerifier(
                verifier: TokenVerifier(configuration: rules),
                keys: KeySetCache(configuration: KeySetCache.Configuration(source: source), fetcher: fetcher),
                tokenCache: VerifiedTokenCache()
            )
        }

        if oauthServerURL != nil, issuer != nil {
            throw ValidationError("give either --oauth-server-url (App ID) or --issuer (any OpenID Connect provider), not both")
        }
        if jwksURL != nil, issuer == nil {
            throw ValidationError("--jwks-url needs --issuer: the issuer's tokens are checked against it")
        }
        if let oauthServerURL {
            guard !audiences.isEmpty else { throw ValidationError("--audience is required: your App ID application's client ID") }
            let strategy = APIStrategy(
                issuer: verifier(rules(Self.trimmingSlash(oauthServerURL)), .appID(oauthServerURL: oauthServerURL)),
                configuration: .appID
            )
            return ProtectedAPISetup(
                port: port,
                strategy: strategy,
                fetcher: fetcher,
                embeddedIssuer: nil,
                banner: Self.banner(framework, base, "App ID issuer \(oauthServerURL)"),
                issuerTask: nil
            )
        }
        if issuer != nil || discoveryURL != nil {
            let name = issuer ?? Self.issuer(fromDiscoveryURL: discoveryURL!)
            guard !audiences.isEmpty else { throw ValidationError("--audience is required: the value your tokens carry in aud") }
            let source: KeySource =
                if let jwksURL { .jwks(url: jwksURL) } else if let discoveryURL { .discovery(url: discoveryURL, issuer: name) } else {
                    .discovery(issuer: name)
                }
            var configuration = APIStrategy.Configuration()
            configuration.name = "example"
            if !accessTokenTypes.isEmpty { configuration.accessTokenTypes = Set(accessTokenTypes) }
            let strategy = APIStrategy(issuer: verifier(rules(name), source), configuration: configuration)
            return ProtectedAPISetup(
                port: port,
                strategy: strategy,
                fetcher: fetcher,
                embeddedIssuer: nil,
                banner: Self.banner(framework, base, "issuer \(name), keys from \(source.url)"),
                issuerTask: nil
            )
        }
        if let vcap = Self.environment("VCAP_SERVICES") {
            let credentials: AppIDCredentials
            do {
                credentials = try AppIDCredentials(vcapServices: vcap)
            } catch {
                throw ValidationError("VCAP_SERVICES: \(error.detail ?? error.code.publicDescription)")
            }
            let strategy = APIStrategy(
                issuer: .appID(credentials, fetcher: fetcher) { rules in if let leeway { rules.leeway = .seconds(leeway) } },
                configuration: .appID
            )
            return ProtectedAPISetup(
                port: port,
                strategy: strategy,
                fetcher: fetcher,
                embeddedIssuer: nil,
                banner: Self.banner(framework, base, "App ID from VCAP_SERVICES, \(credentials.oauthServerURL)"),
                issuerTask: nil
            )
        }
        return try await Self.embedded(
            port: port,
            issuerPort: try options.issuerPort ?? Self.environmentInt("ISSUER_PORT") ?? 8081,
            leeway: leeway,
            fetcher: fetcher,
            framework: framework
        )
    }

    /// No issuer configured: the embedded App ID-compatible issuer, an application allowed the
    /// `admin` scope, and a user with a fresh password.
    private static func embedded(port: Int, issuerPort: Int, leeway: Int?, fetcher: HTTPJWKSFetcher, framework: String) async throws
        -> ProtectedAPISetup
    {
        var configuration = LocalIssuer.Configuration()
        configuration.port = issuerPort
        configuration.tenantIDs = ["dev-tenant"]
        let password = "demo-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        configuration.users = [.init(email: "demo@example.com", password: password, name: "Demo User")]
        let issuer: LocalIssuer
        do {
            issuer = try LocalIssuer(configuration: configuration)
        } catch {
            throw ValidationError("embedded issuer: \(error.message)")
        }
        let task = Task { try await issuer.run() }
        let issuerBase = try await issuer.waitUntilRunning()
        let credentials = try issuer.registerApplication(tenantID: "dev-tenant", name: "protected-api example", scopes: ["admin"])
        let strategy = APIStrategy(
            issuer: .appID(credentials, fetcher: fetcher) { rules in if let leeway { rules.leeway = .seconds(leeway) } },
            configuration: .appID
        )
        let base = "http://127.0.0.1:\(port)"
        let tokenURL = credentials.tokenEndpoint
        let banner = """
            \(Self.banner(framework, base, "the embedded App ID-compatible issuer at \(credentials.oauthServerURL)"))

            No issuer was configured, so an App ID-compatible issuer runs in this process (\(issuerBase)):
              application  client ID \(credentials.clientID)  secret \(credentials.secret ?? "")  (may ask for scope "admin")
              user         demo@example.com  password \(password)

            # --- try it (paste into a shell) ---
            TOKENS=$(curl -s -X POST '\(tokenURL)' -H 'Authorization: \(credentials.basicAuthorization)' -H 'Accept: application/json' -F 'grant_type=password' -F 'username=demo@example.com' -F 'password=\(password)')
            ACCESS=$(printf '%s' "$TOKENS" | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
            IDENTITY=$(printf '%s' "$TOKENS" | sed -E 's/.*"id_token":"([^"]+)".*/\\1/')
            curl -s \(base)/api/public; echo
            curl -s \(base)/api/protected -H "Authorization: Bearer $ACCESS $IDENTITY"; echo
            curl -s -i \(base)/api/protected/admin -H "Authorization: Bearer $ACCESS" | head -n 1
            # --- end ---
            The last call answers 403: add -F 'scope=admin' to the token request for a token that passes.
            """
        return ProtectedAPISetup(port: port, strategy: strategy, fetcher: fetcher, embeddedIssuer: issuer, banner: banner, issuerTask: task)
    }

    /// Stops the embedded issuer and the HTTP client.
    public func shutdown() async {
        self.issuerTask?.cancel()
        _ = await self.issuerTask?.result
    }

    /// Prints the banner at once, even into a pipe.
    public func printBanner() {
        print(self.banner)
        fflush(nil)
    }

    static func banner(_ framework: String, _ base: String, _ source: String) -> String {
        """
        protected-api (\(framework)) on \(base), tokens from \(source)
          GET \(base)/api/public            no token needed
          GET \(base)/api/protected         Authorization: Bearer <access token> [<identity token>]
          GET \(base)/api/protected/admin   needs the scope "admin"
        """
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    static func environmentInt(_ name: String) throws -> Int? {
        guard let text = Self.environment(name) else { return nil }
        guard let value = Int(text) else { throw ValidationError("\(name) must be a whole number, got \"\(text)\"") }
        return value
    }

    static func issuer(fromDiscoveryURL url: String) -> String {
        let suffix = "/.well-known/openid-configuration"
        return url.hasSuffix(suffix) ? String(url.dropLast(suffix.count)) : url
    }

    private static func trimmingSlash(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
