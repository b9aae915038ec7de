#if Hummingbird
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
@testable import TokenGate
import TokenGateHTTPClient
import TokenGateHummingbird
import TokenGateLocalIssuer
import TokenGateTesting

/// A web app (Hummingbird, sessions in memory, the browser login of `WebAppStrategy`) on
/// loopback in front of the local issuer, both on the same manual clock.
struct WebAppHarness: Sendable {
    let issuer: IssuerHarness
    let credentials: AppIDCredentials
    let fetcher: HTTPJWKSFetcher
    let strategy: WebAppStrategy
    let baseURL: String
    let server: Task<Void, any Error>

    var clock: ManualClock { self.issuer.clock }
    var callbackURL: String { self.baseURL + "/ibm/cloud/appid/callback" }

    /// Starts the issuer and the app.
    /// - Parameters:
    ///   - wrapTokens: Wraps the app's token endpoint client (to count its calls).
    ///   - discovery: Configure the app from the issuer's discovery document only (client ID,
    ///     `client_secret_post`, opaque access tokens) instead of App ID's credentials.
    ///   - configure: Adjusts the strategy's configuration.
    static func start(
        wrapTokens: (any AuthorizationCodeClient) -> any AuthorizationCodeClient = { $0 },
        discovery: Bool = false,
        configure: (inout WebAppStrategy.Configuration) -> Void = { _ in }
    ) async throws -> WebAppHarness {
        let issuer = try await IssuerHarness.start()
        let credentials = try await issuer.register("web-app")
        let port = try await Self.freePort()
        let baseURL = "http://127.0.0.1:\(port)"
        let uris = try await issuer.manage(.PUT, "/config/redirect_uris", ["redirectUris": [.string(baseURL + "/ibm/cloud/appid/callback")]])
        guard uris.status == 200 else { throw HarnessError("redirect URIs: \(uris.text)") }

        let fetcher = HTTPJWKSFetcher.patient
        let endpoints = discovery ? try await ProviderEndpoints.discover(issuer: credentials.oauthServerURL, fetcher: fetcher) : .appID(credentials)
        let keys = KeySetCache(
            configuration: .init(source: .jwks(url: endpoints.jwks ?? "")),
            fetcher: fetcher,
            clock: issuer.clock,
            wallClock: issuer.clock
        )
        let rules = discovery ? TokenVerifier.Configuration(issuer: endpoints.issuer, audience: .oneOf([credentials.clientID])) : .appID(credentials)
        let verifier = IssuerVerifier(
            verifier: TokenVerifier(configuration: rules),
            keys: keys,
            tokenCache: VerifiedTokenCache(),
            wallClock: issuer.clock
        )
        let tokens =
            discovery
            ? TokenManager(
                clientID: credentials.clientID,
                authentication: .clientSecretPost(credentials.secret ?? ""),
                endpoints: endpoints,
                configuration: .patient,
                issuer: verifier,
                wallClock: issuer.clock
            )
            : TokenManager(credentials: credentials, configuration: .patient, issuer: verifier, wallClock: issuer.clock)
        var configuration =
            discovery
            ? try WebAppStrategy.Configuration(
                clientID: credentials.clientID,
                endpoints: endpoints,
                redirectURI: baseURL + "/ibm/cloud/appid/callback"
            )
            : WebAppStrategy.Configuration(credentials: credentials, redirectURI: baseURL + "/ibm/cloud/appid/callback")
        configure(&configuration)
        let strategy = WebAppStrategy(
            configuration: configuration,
            issuer: verifier,
            tokens: wrapTokens(tokens),
            wallClock: issuer.clock
        )

        let router = Router(context: TokenGateWebRequestContext.self)
        router.add(
            middleware: SessionMiddleware(
                storage: MemoryPersistDriver(issuer.clock),
                configuration: WebAppStrategy.sessionConfiguration(secure: false)
            )
        )
        router.get("/") { _, _ in "home" }
        strategy.addRoutes(to: router)
        router.group("protected")
            .add(middleware: WebAppRouterMiddleware(strategy))
            .get { _, context in
                "Hello " + (context.identity?.identityTokenPayload?["name"]?.stringValue ?? "?")
                    + (context.identity?.accessToken.isOpaque == true ? " (opaque access token)" : "")
            }
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            logger: .init(label: "web-app", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let server = Task { try await application.run() }
        // Wait until the app answers, bounded by the patient deadline (not by a number of
        // tries: the whole test process can stall for seconds at start).
        let browser = Browser()
        defer { Task { try? await browser.shutdown() } }
        let giveUp = ContinuousClock.now + .patient
        while (try? await browser.get(baseURL + "/"))?.status != 200 {
            guard ContinuousClock.now < giveUp else { throw HarnessError("the web app did not start") }
            try await Task.sleep(for: .milliseconds(50))
        }
        return WebAppHarness(issuer: issuer, credentials: credentials, fetcher: fetcher, strategy: strategy, baseURL: baseURL, server: server)
    }

    func stop() async throws {
        self.server.cancel()
        _ = await self.server.result
        try await self.issuer.stop()
    }

    /// A port nobody listens on (bound once by the kernel's choice, then released).
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        try await channel.close()
        return port
    }

    /// Walks a browser from `/protected` through the issuer's form back to the app.
    /// - Returns: The callback page (before following its redirect).
    func login(_ browser: Browser, email: String = "testuser@test.com", password: String = "testuser", start: String = "/protected") async throws
        -> Browser.Page
    {
        let first = try await browser.get(self.baseURL + start)
        guard first.status == 302, let login = first.location else { throw HarnessError("no redirect to login: \(first.status)") }
        let toIssuer = try await browser.get(login.hasPrefix("http") ? login : self.baseURL + login)
        guard toIssuer.status == 302, let authorization = toIssuer.location else { throw HarnessError("no redirect to the issuer") }
        return try await self.submitForm(browser, authorization: authorization, email: email, password: password)
    }

    /// Loads the issuer's login form and submits it; returns the callback page.
    func submitForm(_ browser: Browser, authorization: String, email: String = "testuser@test.com", password: String = "testuser") async throws
        -> Browser.Page
    {
        let form = try await browser.get(authorization)
        guard form.status == 200 else { throw HarnessError("login form: \(form.status) \(form.body)") }
        var fields = form.formFields
        fields["email"] = email
        fields["password"] = password
        let action = self.issuer.oauth + "/authorization"
        let submitted = try await browser.post(action, form: fields.map { ($0.key, $0.value) })
        guard submitted.status == 302, let callback = submitted.location else {
            throw HarnessError("form answered \(submitted.status): \(submitted.body)")
        }
        return try await browser.get(callback)
    }
}
#endif
