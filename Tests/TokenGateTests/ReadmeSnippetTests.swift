#if Hummingbird
import Hummingbird
import Testing
import TokenGate
import TokenGateHTTPClient
import TokenGateHummingbird

/// The README's Hummingbird snippet, verbatim but for its last line: it compiles, and it builds
/// its application with the strategy among the services (nothing is fetched until it runs).
@Suite("README snippets")
struct ReadmeSnippetTests {
    @Test("The Hummingbird snippet compiles and builds its application")
    func hummingbird() async throws {
        let credentials = AppIDCredentials(
            clientID: "my-client-id",
            tenantID: "my-tenant-id",
            oauthServerURL: "https://us-south.appid.cloud.ibm.com/oauth/v4/my-tenant-id"
        )
        let strategy = APIStrategy(issuer: .appID(credentials, fetcher: HTTPJWKSFetcher()), configuration: .appID)

        let router = Router(context: TokenGateRequestContext.self)
        router.group("api/protected")
            .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy)))
            .group(context: AuthorizedRequestContext.self)
            .get { _, context in "Hello \(context.authorization.subject ?? "client")" }
        router.group("api/protected/admin")
            .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOf: ["admin"]))))
            .get { _, _ in "admin" }

        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 8080)), services: [strategy])
        _ = app  // the README then runs it: try await app.runService()
        #expect(strategy.issuers.keySets.count == 1)
    }

    /// The README's snippets for any provider, verbatim; compiled, not run (they fetch).
    static func anyProviderSnippets(tenantID: String, apiClientID: String, secret: String) async throws -> (APIStrategy, WebAppStrategy) {
        let issuer = IssuerVerifier.entra(tenants: .oneOf([tenantID]), audiences: [apiClientID], fetcher: HTTPJWKSFetcher())
        let strategy = APIStrategy(issuer: issuer)  // several providers: APIStrategy(issuers: IssuerDirectory([...]))
        let admins = APIStrategyMiddleware(strategy, requirement: AccessRequirement(anyOfRoles: ["Orders.Admin"]))
        _ = admins

        let tokens = try await TokenManager.discover(
            issuer: "https://id.example.com",
            clientID: "orders",
            authentication: .clientSecretBasic(secret)
        )  // or .clientSecretPost, .privateKeyJWT(es256:keyID:), .none
        var login = try WebAppStrategy.Configuration(
            clientID: "orders",
            endpoints: tokens.endpoints,
            redirectURI: "https://app.example/auth/callback"
        )
        login.postLogoutRedirectURI = "https://app.example/"
        let webApp = WebAppStrategy(configuration: login, issuer: tokens.issuer, tokens: tokens)
        return (strategy, webApp)
    }
}
#endif
