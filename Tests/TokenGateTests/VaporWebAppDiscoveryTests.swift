#if Vapor && Hummingbird
import Foundation
import NIOHTTP1
import Testing
@testable import TokenGate
import TokenGateHTTPClient
import TokenGateLocalIssuer
import TokenGateTesting
import TokenGateVapor
import Vapor

/// The Vapor adapter configured from the local issuer's discovery document: login with opaque
/// access tokens, then RP-initiated logout through the end-session endpoint.
@Suite("Vapor web app from discovery", .bug(id: 19))
struct VaporWebAppDiscoveryTests {
    @Test("Login from discovery, then logout ends the session and redirects to end_session_endpoint")
    func rpInitiatedLogout() async throws {
        let issuer = try await IssuerHarness.start()
        let credentials = try await issuer.register("vapor-web-app")
        let port = try await WebAppHarness.freePort()
        let base = "http://127.0.0.1:\(port)"
        _ = try await issuer.manage(.PUT, "/config/redirect_uris", ["redirectUris": [.string(base + "/ibm/cloud/appid/callback")]])
        let fetcher = HTTPJWKSFetcher.patient
        let endpoints = try await ProviderEndpoints.discover(issuer: issuer.oauth, fetcher: fetcher)
        var configuration = try WebAppStrategy.Configuration(
            clientID: credentials.clientID,
            endpoints: endpoints,
            redirectURI: base + "/ibm/cloud/appid/callback"
        )
        configuration.postLogoutRedirectURI = base + "/"
        let tokens = TokenManager(
            clientID: credentials.clientID,
            authentication: .clientSecretPost(credentials.secret ?? ""),
            endpoints: endpoints,
            configuration: .patient
        )
        let strategy = WebAppStrategy(configuration: configuration, issuer: tokens.issuer, tokens: tokens)

        let app = try await Application.make(.testing)
        app.sessions.use(.memory)
        app.sessions.configuration = WebAppStrategy.vaporSessionsConfiguration(secure: false)
        app.middleware.use(app.sessions.middleware)
        strategy.addRoutes(to: app)
        app.grouped(WebAppAsyncMiddleware(strategy)).get("protected") { request in
            let context = try request.requireAuthorizationContext()
            return (context.identityTokenPayload?["name"]?.stringValue ?? "?") + (context.accessToken.isOpaque ? " (opaque)" : "")
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: port))

        let browser = Browser()
        let toIssuer = try await browser.get(base + "/login?returnTo=%2Fprotected")
        let authorization = try #require(toIssuer.location)
        #expect(authorization.hasPrefix(issuer.oauth + "/authorization?"))
        let form = try await browser.get(authorization)
        var fields = form.formFields
        fields["email"] = "testuser@test.com"
        fields["password"] = "testuser"
        let submitted = try await browser.post(issuer.oauth + "/authorization", form: fields.map { ($0.key, $0.value) })
        #expect(try await browser.get(try #require(submitted.location)).status == 302)
        #expect(try await browser.get(base + "/protected").body == "Test User (opaque)")

        let logoutPage = try await browser.get(base + "/logout")
        let token = try #require(logoutPage.formFields[WebAppStrategy.logoutTokenField])
        let logout = try await browser.post(base + "/logout", form: [(WebAppStrategy.logoutTokenField, token)])
        #expect(logout.status == 302)
        let location = try #require(logout.location)
        #expect(location.hasPrefix(issuer.oauth + "/logout?"))
        let parameters = Browser.query(location)
        #expect(parameters["client_id"] == credentials.clientID)
        #expect(parameters["post_logout_redirect_uri"] == base + "/")
        #expect(parameters["id_token_hint"]?.isEmpty == false)
        #expect(try await browser.get(base + "/protected").status == 302, "the session ended")
        let back = try await browser.get(location)
        #expect(back.location == base + "/?state=" + (parameters["state"] ?? ""))

        try await browser.shutdown()
        await app.server.shutdown()
        try await app.asyncShutdown()
        try await issuer.stop()
    }
}
#endif
