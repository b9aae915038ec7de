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

/// The browser login through the Vapor adapter, against the local issuer, over loopback.
@Suite("Vapor web app login")
struct VaporWebAppTests {
    @Test("Login → issuer form → callback → protected page → logout, with Vapor's sessions; cross-site logout and login refused", .bug(id: 17))
    func wholeFlow() async throws {
        let issuer = try await IssuerHarness.start()
        let credentials = try await issuer.register("vapor-web-app")
        let port = try await WebAppHarness.freePort()
        let base = "http://127.0.0.1:\(port)"
        _ = try await issuer.manage(.PUT, "/config/redirect_uris", ["redirectUris": [.string(base + "/ibm/cloud/appid/callback")]])
        let fetcher = HTTPJWKSFetcher.patient
        let strategy = WebAppStrategy(
            configuration: .init(credentials: credentials, redirectURI: base + "/ibm/cloud/appid/callback"),
            issuer: .appID(credentials, fetcher: fetcher),
            tokens: TokenManager(credentials: credentials, configuration: .patient)
        )

        let app = try await Application.make(.testing)
        app.sessions.use(.memory)
        app.sessions.configuration = WebAppStrategy.vaporSessionsConfiguration(secure: false)
        app.middleware.use(app.sessions.middleware)
        strategy.addRoutes(to: app)
        app.grouped(WebAppAsyncMiddleware(strategy)).get("protected") { request in
            "Hello " + (try request.requireAuthorizationContext().identityTokenPayload?["name"]?.stringValue ?? "?")
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: port))

        let browser = Browser()
        let first = try await browser.get(base + "/protected")
        #expect(first.status == 302)
        #expect(first.location == "/login?returnTo=%2Fprotected")
        let toIssuer = try await browser.get(base + first.location!)
        let before = browser.cookie("vapor-session")
        #expect(toIssuer.headers.first(name: "Set-Cookie")?.contains("SameSite=Lax") == true)
        let form = try await browser.get(try #require(toIssuer.location))
        var fields = form.formFields
        fields["email"] = "testuser@test.com"
        fields["password"] = "testuser"
        let submitted = try await browser.post(issuer.oauth + "/authorization", form: fields.map { ($0.key, $0.value) })
        let callback = try await browser.get(try #require(submitted.location))
        #expect(callback.status == 302)
        #expect(callback.location == "/protected")
        #expect(browser.cookie("vapor-session") != before, "a new session id at login")
        let page = try await browser.get(base + "/protected")
        #expect(page.status == 200)
        #expect(page.body == "Hello Test User")
        // Cross-site requests cannot end the session: GET /logout only shows the form, a POST
        // needs the session's logout token, GET /login keeps a live session.
        let logoutPage = try await browser.get(base + "/logout")
        #expect(logoutPage.status == 200)
        #expect(try await browser.get(base + "/protected").status == 200, "GET /logout did not log out")
        #expect(try await browser.send(.POST, base + "/logout").status == 403)
        #expect(try await browser.post(base + "/logout", form: [(WebAppStrategy.logoutTokenField, "forged")]).status == 403)
        #expect(try await browser.get(base + "/protected").status == 200, "a refused logout kept the session")
        let session = browser.cookie("vapor-session")
        let login = try await browser.get(base + "/login?returnTo=%2Fprotected")
        #expect(login.status == 302)
        #expect(login.location == "/protected")
        #expect(browser.cookie("vapor-session") == session)
        #expect(try await browser.get(base + "/protected").status == 200, "GET /login kept the session")
        let token = try #require(logoutPage.formFields[WebAppStrategy.logoutTokenField])
        let logout = try await browser.post(base + "/logout", form: [(WebAppStrategy.logoutTokenField, token)])
        #expect(logout.status == 302)
        #expect(try await browser.get(base + "/protected").status == 302, "the form's token logged out")
        // A tampered callback is refused.
        let tampered = try await browser.get(base + "/ibm/cloud/appid/callback?code=x&state=forged")
        #expect(tampered.status == 400)
        // The session was destroyed with the failed login; logging out an anonymous session is harmless.
        #expect(try await browser.send(.POST, base + "/logout").status == 302)
        #expect(try await browser.get(base + "/protected").status == 302)

        try await browser.shutdown()
        await app.server.shutdown()
        try await app.asyncShutdown()
        try await issuer.stop()
    }
}
#endif
