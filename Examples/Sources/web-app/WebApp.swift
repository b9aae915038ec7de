import ArgumentParser
import Hummingbird
import HummingbirdAuth
import TokenGate
import TokenGateHTTPClient
import TokenGateHummingbird
import TokenGateLocalIssuer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A server-rendered web app with the browser login (authorization code + PKCE): a home page,
/// a protected page showing the user's name, logout.
@main
struct WebApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web-app",
        abstract:
            "A web app whose /protected page needs a login at App ID, any OpenID Connect provider (--discovery-url), or the embedded local issuer."
    )

    @Option(help: "The port to serve on.")
    var port = 8082

    @Option(name: .customLong("oauth-server-url"), help: "App ID's OAuth server URL; with --client-id and --secret (else the embedded issuer runs).")
    var oauthServerURL: String?

    @Option(
        name: .customLong("discovery-url"),
        help: "An OpenID Connect provider's discovery document (…/.well-known/openid-configuration); with --client-id (and --secret)."
    )
    var discoveryURL: String?

    @Option(help: "The provider's issuer, when it is not the discovery URL without /.well-known/openid-configuration.")
    var issuer: String?

    @Option(
        name: .customLong("post-logout-redirect-uri"),
        help: "Where the provider sends the browser after its logout (registered with it); only with --discovery-url."
    )
    var postLogoutRedirectURI: String?

    @Option(name: .customLong("client-id"), help: "The web application's client ID.")
    var clientID: String?

    @Option(help: "The web application's secret (none: a public client with PKCE only).")
    var secret: String?

    @Option(name: .customLong("tenant-id"), help: "The App ID tenant.")
    var tenantID: String?

    @Option(name: .customLong("issuer-port"), help: "The embedded issuer's port.")
    var issuerPort = 8083

    func run() async throws {
        let base = "http://127.0.0.1:\(self.port)"
        let redirectURI = base + "/ibm/cloud/appid/callback"
        let fetcher = HTTPJWKSFetcher()
        var embedded: (LocalIssuer, Task<Void, any Error>)?
        var banner = ""
        let strategy: WebAppStrategy
        if let discoveryURL {
            guard let clientID else { throw ValidationError("--discovery-url needs --client-id") }
            strategy = try await self.discovered(discoveryURL, clientID: clientID, redirectURI: redirectURI, fetcher: fetcher)
        } else {
            let credentials: AppIDCredentials
            if let oauthServerURL, let clientID, let secret {
                credentials = AppIDCredentials(clientID: clientID, tenantID: self.tenantID ?? "", oauthServerURL: oauthServerURL, secret: secret)
            } else {
                var configuration = LocalIssuer.Configuration()
                configuration.port = self.issuerPort
                let password = "demo-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
                configuration.users = [.init(email: "demo@example.com", password: password, name: "Demo User")]
                let issuer = try LocalIssuer(configuration: configuration)
                let task = Task { try await issuer.run() }
                let issuerBase = try await issuer.waitUntilRunning()
                credentials = try issuer.registerApplication(tenantID: "dev-tenant", name: "web-app example", type: "regularwebapp")
                try issuer.setRedirectURIs(tenantID: "dev-tenant", [redirectURI])
                embedded = (issuer, task)
                banner = """

                    The embedded App ID-compatible issuer runs at \(issuerBase):
                      log in as  demo@example.com  password \(password)
                      administration: \(issuerBase)/admin  (admin token \(issuer.adminToken ?? "-"))
                    """
            }
            strategy = WebAppStrategy(
                configuration: .init(credentials: credentials, redirectURI: redirectURI),
                issuer: .appID(credentials, fetcher: fetcher),
                tokens: TokenManager(credentials: credentials)
            )
        }
        let router = Router(context: TokenGateWebRequestContext.self)
        router.add(middleware: SessionMiddleware(storage: MemoryPersistDriver(), configuration: WebAppStrategy.sessionConfiguration(secure: false)))
        strategy.addRoutes(to: router)
        router.get("/") { _, context in
            // Logging out is a POST carrying the session's logout token, never a link.
            let tokens = context.sessions.session?.tokens.flatMap(WebSessionTokens.init(encoded:))
            let name =
                tokens.map { "<a href=\"/protected\">Your page</a> " + WebAppStrategy.logoutForm($0) }
                ?? "<a href=\"/login?returnTo=/protected\" id=\"login\">Log in</a>"
            return Self.page("Home", "<h1>web-app example</h1><div>\(name)</div>")
        }
        router.group("protected")
            .add(middleware: WebAppRouterMiddleware(strategy))
            .get { _, context in
                let tokens = context.sessions.session?.tokens.flatMap(WebSessionTokens.init(encoded:))
                let identity = context.identity?.identityTokenPayload
                let name = Self.escape(identity?["name"]?.stringValue ?? "?")
                let email = Self.escape(identity?["email"]?.stringValue ?? "")
                return Self.page(
                    "Protected",
                    """
                    <h1 id="greeting">Hello \(name)</h1><p>Signed in as <span id="email">\(email)</span>.</p>
                    \(tokens.map { WebAppStrategy.logoutForm($0) } ?? "")
                    """
                )
            }
        // An API inside the logged-in area still wants a bearer token: a browser session never
        // satisfies an API guard (otherwise any site could call the API with the user's cookie).
        router.group("protected/api")
            .add(middleware: WebAppRouterMiddleware(strategy))
            .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(APIStrategy(issuer: strategy.issuer))))
            .get("me") { _, context in
                context.identity?.subject ?? "-"
            }
        let message = "web-app on \(base): open \(base)/protected in a browser" + banner
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: self.port)),
            services: [KeySetRefreshService(caches: [strategy.issuer.keys])],
            onServerRunning: { _ in
                print(message)
                fflush(nil)
            }
        )
        defer { embedded?.1.cancel() }
        try await application.runService()
    }

    /// The login against any OpenID Connect provider, configured from its discovery document:
    /// the client authenticates with `client_secret_basic` (or `client_secret_post` when the
    /// provider lists only that), or as a public client without a secret; logout goes through the
    /// provider's end-session endpoint when it has one.
    func discovered(_ discoveryURL: String, clientID: String, redirectURI: String, fetcher: HTTPJWKSFetcher) async throws -> WebAppStrategy {
        let suffix = "/.well-known/openid-configuration"
        let issuer = self.issuer ?? (discoveryURL.hasSuffix(suffix) ? String(discoveryURL.dropLast(suffix.count)) : discoveryURL)
        let endpoints = try await ProviderEndpoints.discover(issuer: issuer, discoveryURL: discoveryURL, fetcher: fetcher)
        let methods = endpoints.tokenEndpointAuthMethods
        let authentication: ClientAuthentication =
            switch self.secret {
            case nil: .none
            case let secret? where !methods.isEmpty && !methods.contains("client_secret_basic") && methods.contains("client_secret_post"):
                .clientSecretPost(secret)
            case let secret?: .clientSecretBasic(secret)
            }
        guard methods.isEmpty || methods.contains(authentication.methodName) else {
            let listed = methods.joined(separator: ", ")
            throw ValidationError("the provider's token endpoint does not accept \(authentication.methodName) (it lists \(listed))")
        }
        var configuration = try WebAppStrategy.Configuration(clientID: clientID, endpoints: endpoints, redirectURI: redirectURI)
        configuration.postLogoutRedirectURI = self.postLogoutRedirectURI
        // One issuer for the token client and the session, with a verified-token cache: every
        // request of a session checks its identity token.
        let verifier = IssuerVerifier.preset(
            rules: TokenVerifier.Configuration(issuer: endpoints.issuer, audience: .oneOf([clientID])),
            source: endpoints.jwks.map { .jwks(url: $0) } ?? .discovery(issuer: endpoints.issuer),
            fetcher: fetcher
        )
        return WebAppStrategy(
            configuration: configuration,
            issuer: verifier,
            tokens: TokenManager(clientID: clientID, authentication: authentication, endpoints: endpoints, issuer: verifier)
        )
    }

    static func page(_ title: String, _ body: String) -> Response {
        let html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(title)</title></head><body>\(body)</body></html>"
        return Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
