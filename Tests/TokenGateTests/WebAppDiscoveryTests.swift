#if Hummingbird
import Foundation
import NIOHTTP1
import Synchronization
import Testing
@testable import TokenGate
import TokenGateHTTPClient
import TokenGateLocalIssuer
import TokenGateTesting

/// The browser login configured from a discovery document only: opaque access tokens (the
/// session lives by the verified identity token and `expires_in`), and RP-initiated logout
/// through the provider's end-session endpoint.
@Suite("Web app from discovery", .bug(id: 19))
struct WebAppDiscoveryTests {
    /// Logs in and returns the session's logout token.
    static func loggedIn(_ app: WebAppHarness, _ browser: Browser) async throws -> String {
        let callback = try await app.login(browser)
        #expect(callback.status == 302)
        let page = try await browser.get(app.baseURL + "/protected")
        #expect(page.status == 200)
        let logoutPage = try await browser.get(app.baseURL + "/logout")
        return try #require(logoutPage.formFields[WebAppStrategy.logoutTokenField])
    }

    @Test("Session tokens keep an opaque access token's expiry and scope; older sessions without them still read; mistyped ones do not")
    func sessionDocument() throws {
        let tokens = WebSessionTokens(accessToken: "a", identityToken: "i", refreshToken: "r", accessTokenExpiresAt: 1_700_000_000, scope: "openid x")
        let read = try #require(WebSessionTokens(encoded: tokens.encoded))
        #expect(read == tokens)
        #expect(read.accessTokenExpiresAt == 1_700_000_000)
        #expect(read.scope == "openid x")
        let legacy = try #require(WebSessionTokens(encoded: #"{"access":"a","identity":"i","logout":"l"}"#))
        #expect(legacy.accessTokenExpiresAt == nil && legacy.scope == nil)
        #expect(WebSessionTokens(encoded: #"{"access":"a","identity":"i","accessExpires":"soon"}"#) == nil)
        #expect(WebSessionTokens(encoded: #"{"access":"a","identity":"i","scope":["x"]}"#) == nil)
        #expect(!WebSessionTokens(accessToken: "a", identityToken: "i", refreshToken: nil).encoded.contains("accessExpires"))
    }

    @Test("Configured from discovery: the authorization and end-session endpoints come from the document")
    func endpoints() async throws {
        let app = try await WebAppHarness.start(discovery: true)
        #expect(app.strategy.configuration.authorizationEndpoint == app.issuer.oauth + "/authorization")
        #expect(app.strategy.configuration.endSessionEndpoint == app.issuer.oauth + "/logout")
        #expect(app.strategy.tokens.accessTokenFormat == .opaque)
        #expect(app.strategy.configuration.credentials == nil)
        try await app.stop()
    }

    @Test("With opaque access tokens, the session is the verified identity token and the access token's expires_in; it is refreshed before that")
    func opaqueSession() async throws {
        let counter = Mutex<WebSessionRefreshTests.CountingCodeClient?>(nil)
        let app = try await WebAppHarness.start(
            wrapTokens: { base in
                let client = WebSessionRefreshTests.CountingCodeClient(base)
                counter.withLock { $0 = client }
                return client
            },
            discovery: true
        )
        let client = try #require(counter.withLock { $0 })
        let browser = Browser()
        _ = try await Self.loggedIn(app, browser)
        let page = try await browser.get(app.baseURL + "/protected")
        #expect(page.body == "Hello Test User (opaque access token)")
        // The local issuer's tokens live 3600 s; within renewBefore of that, the session refreshes
        // once (the identity token is still valid then: only expires_in says so).
        app.clock.advance(by: .seconds(3600 - 30))
        #expect(try await browser.get(app.baseURL + "/protected").status == 200)
        #expect(client.refreshes.load(ordering: .relaxed) == 1)
        app.clock.advance(by: .seconds(120))
        #expect(try await browser.get(app.baseURL + "/protected").status == 200, "the refreshed tokens carry the session on")
        #expect(client.refreshes.load(ordering: .relaxed) == 1, "the refreshed tokens are kept, not refreshed again")
        try await browser.shutdown()
        try await app.stop()
    }

    @Test(
        "RP-initiated logout: the session ends, then the browser goes to end_session_endpoint with id_token_hint, client_id, post_logout_redirect_uri, state"
    )
    func rpInitiatedLogout() async throws {
        let app = try await WebAppHarness.start(discovery: true) { configuration in
            configuration.postLogoutRedirectURI = configuration.redirectURI.replacingOccurrences(of: "/ibm/cloud/appid/callback", with: "/")
        }
        let browser = Browser()
        let token = try await Self.loggedIn(app, browser)
        let logout = try await browser.post(app.baseURL + "/logout", form: [(WebAppStrategy.logoutTokenField, token)])
        #expect(logout.status == 302)
        let location = try #require(logout.location)
        #expect(location.hasPrefix(app.issuer.oauth + "/logout?"))
        let parameters = Browser.query(location)
        #expect(parameters["client_id"] == app.credentials.clientID)
        #expect(parameters["post_logout_redirect_uri"] == app.baseURL + "/")
        #expect(parameters["state"]?.count == 43)
        let hint = try await app.strategy.issuer.verify(try #require(parameters["id_token_hint"]))
        #expect(hint.claims["email"]?.stringValue == "testuser@test.com")
        #expect(try await browser.get(app.baseURL + "/protected").status == 302, "the local session ended before the redirect")

        let back = try await browser.get(location)
        #expect(back.status == 302)
        #expect(back.location == app.baseURL + "/?state=" + parameters["state"]!)
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("Without a configured post_logout_redirect_uri none is sent, and the provider shows its signed-out page")
    func logoutWithoutRedirect() async throws {
        let app = try await WebAppHarness.start(discovery: true)
        let browser = Browser()
        let token = try await Self.loggedIn(app, browser)
        let logout = try await browser.post(app.baseURL + "/logout", form: [(WebAppStrategy.logoutTokenField, token)])
        let location = try #require(logout.location)
        #expect(Browser.query(location)["post_logout_redirect_uri"] == nil)
        let page = try await browser.get(location)
        #expect(page.status == 200)
        #expect(page.body.contains("You are signed out."))
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("The logout POST still needs the session's logout token when the provider has an end-session endpoint")
    func logoutStillNeedsToken() async throws {
        let app = try await WebAppHarness.start(discovery: true)
        let browser = Browser()
        _ = try await Self.loggedIn(app, browser)
        #expect(try await browser.post(app.baseURL + "/logout", form: [(WebAppStrategy.logoutTokenField, "forged")]).status == 403)
        #expect(try await browser.get(app.baseURL + "/protected").status == 200)
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("Without a session, logout goes to afterLogout, not to the provider")
    func logoutWithoutSession() async throws {
        let app = try await WebAppHarness.start(discovery: true)
        let browser = Browser()
        let logout = try await browser.send(.POST, app.baseURL + "/logout")
        #expect(logout.status == 302)
        #expect(logout.location == "/")
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("The local issuer's end-session endpoint redirects only to the origin of a registered redirect URI, and only for a known client")
    func endSessionChecks() async throws {
        let app = try await WebAppHarness.start(discovery: true)
        let browser = Browser()
        let endpoint = app.issuer.oauth + "/logout"
        func go(_ query: String) async throws -> Browser.Page { try await browser.get(endpoint + "?" + query) }
        let allowed = try await go("post_logout_redirect_uri=\(Browser.encode(app.baseURL + "/bye"))&state=a%20b")
        #expect(allowed.status == 302)
        #expect(allowed.location == app.baseURL + "/bye?state=a%20b")
        let authority = app.baseURL.dropFirst(7)
        for target in [
            "https://evil.example/", "http://127.0.0.1:1/", "http://user@" + authority + "/", "javascript:alert(1)", "/relative",
            "http://" + authority + "\\@evil.example/", app.baseURL + "/#fragment", app.baseURL + "/\u{E9}",
            app.baseURL + "/" + String(repeating: "a", count: 2048),
        ] {
            let refused = try await go("post_logout_redirect_uri=" + Browser.encode(target))
            #expect(refused.status == 400, "\(target)")
            #expect(refused.location == nil)
        }
        for state in [String(repeating: "s", count: 513), "caf\u{E9}", "a\nb"] {
            let refused = try await go("post_logout_redirect_uri=\(Browser.encode(app.baseURL + "/bye"))&state=" + Browser.encode(state))
            #expect(refused.status == 400 && refused.location == nil, "\(state)")
        }
        #expect(try await go("client_id=unknown&post_logout_redirect_uri=\(Browser.encode(app.baseURL + "/"))").status == 400)
        let escaped = try await go("client_id=%3Cscript%3E")
        #expect(escaped.status == 400)
        #expect(escaped.body.contains("unknown client_id"), "a fixed message")
        // The value is not echoed, raw or escaped (the page's one script is its copy buttons').
        #expect(escaped.body.components(separatedBy: "<script>").count == 2 && !escaped.body.contains("&lt;script"))
        let posted = try await browser.post(endpoint, form: [("post_logout_redirect_uri", app.baseURL + "/")])
        #expect(posted.location == app.baseURL + "/")
        try await browser.shutdown()
        try await app.stop()
    }
}
#endif
