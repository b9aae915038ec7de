#if Hummingbird
import Foundation
import NIOHTTP1
import Testing
@testable import TokenGate
import TokenGateHTTPClient
import TokenGateLocalIssuer
import TokenGateTesting

/// The browser login (authorization code + PKCE) end to end over loopback: a cookie-keeping
/// client, the web app's session, the issuer's login form; and every way it must refuse.
@Suite("Web app login")
struct WebAppFlowTests {
    @Test("Login → issuer form → callback → protected page → logout")
    func wholeFlow() async throws {
        let app = try await WebAppHarness.start()
        let browser = Browser()
        let first = try await browser.get(app.baseURL + "/protected?tab=1")
        #expect(first.status == 302)
        #expect(first.location == "/login?returnTo=%2Fprotected%3Ftab%3D1")
        let toIssuer = try await browser.get(app.baseURL + first.location!)
        let authorization = try #require(toIssuer.location)
        let parameters = Browser.query(authorization)
        #expect(authorization.hasPrefix(app.credentials.oauthServerURL + "/authorization?"))
        #expect(parameters["response_type"] == "code")
        #expect(parameters["code_challenge_method"] == "S256")
        #expect(parameters["code_challenge"]?.count == 43)
        #expect(parameters["nonce"]?.count == 43 && parameters["state"]?.count == 43)
        #expect(parameters["scope"] == "openid")
        let sessionBefore = try #require(browser.cookie("SESSION_ID"))
        #expect(toIssuer.headers.first(name: "Set-Cookie")?.contains("HttpOnly") == true)
        #expect(toIssuer.headers.first(name: "Set-Cookie")?.contains("SameSite=Lax") == true)

        let callback = try await app.submitForm(browser, authorization: authorization)
        #expect(callback.status == 302)
        #expect(callback.location == "/protected?tab=1")
        #expect(browser.cookie("SESSION_ID") != sessionBefore, "a new session id at login")
        let page = try await browser.get(app.baseURL + "/protected?tab=1")
        #expect(page.status == 200)
        #expect(page.body == "Hello Test User")

        let logoutPage = try await browser.get(app.baseURL + "/logout")
        let logoutToken = try #require(logoutPage.formFields[WebAppStrategy.logoutTokenField])
        let logout = try await browser.post(app.baseURL + "/logout", form: [(WebAppStrategy.logoutTokenField, logoutToken)])
        #expect(logout.status == 302)
        #expect(logout.location == "/")
        #expect(try await browser.get(app.baseURL + "/protected").status == 302)
        try await browser.shutdown()
        try await app.stop()
    }

    @Test(
        "Cross-site requests cannot end a session: GET /logout only shows the form, a POST needs the session's logout token, GET /login keeps a live session",
        .bug(id: 17)
    )
    func logoutNeedsToken() async throws {
        let app = try await WebAppHarness.start()
        let browser = Browser()
        _ = try await app.login(browser)
        let session = browser.cookie("SESSION_ID")
        #expect(try await browser.get(app.baseURL + "/protected").status == 200)

        // A link or a top-level navigation from another site (SameSite=Lax sends the cookie).
        let page = try await browser.get(app.baseURL + "/logout")
        #expect(page.status == 200)
        #expect(page.headers.first(name: "X-Frame-Options") == "DENY")
        #expect(try await browser.get(app.baseURL + "/protected").status == 200, "GET /logout did not log out")
        // A cross-site form post has no token, or a guessed one.
        #expect(try await browser.send(.POST, app.baseURL + "/logout").status == 403)
        #expect(try await browser.post(app.baseURL + "/logout", form: [(WebAppStrategy.logoutTokenField, "forged")]).status == 403)
        #expect(try await browser.post(app.baseURL + "/logout", form: [("other", "x")]).status == 403)
        #expect(try await browser.get(app.baseURL + "/protected").status == 200, "a refused logout kept the session")
        // /login on a live session goes back without touching it.
        let login = try await browser.get(app.baseURL + "/login?returnTo=%2Fprotected%3Ftab%3D2")
        #expect(login.status == 302)
        #expect(login.location == "/protected?tab=2")
        #expect(browser.cookie("SESSION_ID") == session)
        #expect(try await browser.get(app.baseURL + "/protected").status == 200, "GET /login kept the session")

        // The form of the app's own page logs out.
        let token = try #require(page.formFields[WebAppStrategy.logoutTokenField])
        let logout = try await browser.post(app.baseURL + "/logout", form: [(WebAppStrategy.logoutTokenField, token)])
        #expect(logout.status == 302)
        #expect(logout.location == "/")
        #expect(try await browser.get(app.baseURL + "/protected").status == 302)
        // Logged out, /login starts a login again.
        #expect(try await browser.get(app.baseURL + "/login").location?.hasPrefix(app.credentials.oauthServerURL + "/authorization?") == true)
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("Tokens are refreshed before they expire; a revoked session goes back to login")
    func refreshAndRevocation() async throws {
        let app = try await WebAppHarness.start()
        let browser = Browser()
        _ = try await app.login(browser)
        #expect(try await browser.get(app.baseURL + "/protected").status == 200)
        app.clock.advance(by: .seconds(3_570))  // within the 60 s renewal window
        #expect(try await browser.get(app.baseURL + "/protected").status == 200, "refreshed")
        app.clock.advance(by: .seconds(3_000))  // the first access token is long expired
        #expect(try await browser.get(app.baseURL + "/protected").status == 200, "the refreshed tokens are in the session")
        // The user is deleted at the issuer: the next refresh fails, the browser must log in again.
        let user = try #require(try app.issuer.issuer.users(tenantID: IssuerHarness.tenant).first { $0.email == "testuser@test.com" })
        try app.issuer.issuer.removeUser(tenantID: IssuerHarness.tenant, id: user.id)
        app.clock.advance(by: .seconds(3_600))
        let again = try await browser.get(app.baseURL + "/protected")
        #expect(again.status == 302)
        #expect(again.location?.hasPrefix("/login?returnTo=") == true)
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("A tampered state is refused")
    func tamperedState() async throws {
        let app = try await WebAppHarness.start()
        let browser = Browser()
        let start = try await browser.get(app.baseURL + "/login")
        var authorization = try #require(start.location)
        let state = try #require(Browser.query(authorization)["state"])
        authorization = authorization.replacingOccurrences(of: "state=" + state, with: "state=forged-state")
        let callback = try await app.submitForm(browser, authorization: authorization)
        #expect(callback.status == 400)
        #expect(callback.body.contains("login state mismatch"))
        #expect(try await browser.get(app.baseURL + "/protected").status == 302)
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("A replayed code is refused, and the tokens issued for it are revoked")
    func replayedCode() async throws {
        let app = try await WebAppHarness.start()
        let browser = Browser()
        let start = try await browser.get(app.baseURL + "/login")
        let oldSession = try #require(browser.cookie("SESSION_ID"))
        let form = try await browser.get(try #require(start.location))
        var fields = form.formFields
        fields["email"] = "testuser@test.com"
        fields["password"] = "testuser"
        let submitted = try await browser.post(app.issuer.oauth + "/authorization", form: fields.map { ($0.key, $0.value) })
        let callbackURL = try #require(submitted.location)
        #expect(try await browser.get(callbackURL).status == 302)
        #expect(try await browser.get(app.baseURL + "/protected").status == 200)

        // The same callback again, from the session that started the login (as an attacker holding
        // the code and that cookie would): the code is spent.
        let attacker = Browser()
        attacker.setCookie("SESSION_ID", oldSession)
        let replay = try await attacker.get(callbackURL)
        #expect(replay.status == 401)
        #expect(replay.body.contains("authorization code not accepted"))
        // RFC 6749 §4.1.2: the refresh token issued for the code is revoked, so the victim's
        // session cannot be renewed once its access token expires (and the leeway has passed).
        app.clock.advance(by: .seconds(3_700))
        #expect(try await browser.get(app.baseURL + "/protected").status == 302)
        try await attacker.shutdown()
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("An identity token with another login's nonce is refused")
    func wrongNonce() async throws {
        let app = try await WebAppHarness.start()
        let browser = Browser()
        let start = try await browser.get(app.baseURL + "/login")
        let authorization = try #require(start.location)
        let nonce = try #require(Browser.query(authorization)["nonce"])
        let injected = authorization.replacingOccurrences(of: "nonce=" + nonce, with: "nonce=another-login-nonce")
        let callback = try await app.submitForm(browser, authorization: injected)
        #expect(callback.status == 400)
        #expect(callback.body.contains("identity token nonce mismatch"))
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("A login that takes longer than the limit is refused")
    func expiredLogin() async throws {
        let app = try await WebAppHarness.start()
        let browser = Browser()
        let start = try await browser.get(app.baseURL + "/login")
        let authorization = try #require(start.location)
        let form = try await browser.get(authorization)
        var fields = form.formFields
        fields["email"] = "testuser@test.com"
        fields["password"] = "testuser"
        let submitted = try await browser.post(app.issuer.oauth + "/authorization", form: fields.map { ($0.key, $0.value) })
        app.clock.advance(by: .seconds(601))
        let callback = try await browser.get(try #require(submitted.location))
        #expect(callback.status == 400 || callback.status == 401)
        #expect(try await browser.get(app.baseURL + "/protected").status == 302)
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("A callback without a login in progress is refused")
    func callbackWithoutLogin() async throws {
        let app = try await WebAppHarness.start()
        let browser = Browser()
        let page = try await browser.get(app.callbackURL + "?code=abc&state=def")
        #expect(page.status == 400)
        #expect(page.body.contains("no login in progress"))
        try await browser.shutdown()
        try await app.stop()
    }

    @Test(
        "After login the browser only ever returns to a path of the app",
        arguments: [
            "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "/ok\r\nSet-Cookie: x=y", "%2F%2Fevil.example",
        ]
    )
    func noOpenRedirect(_ target: String) async throws {
        let app = try await WebAppHarness.start()
        let browser = Browser()
        let start = try await browser.get(app.baseURL + "/login?returnTo=" + Browser.encode(target))
        let callback = try await app.submitForm(browser, authorization: try #require(start.location))
        #expect(callback.status == 302)
        #expect(callback.location == "/")
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("safeReturnPath keeps local paths only")
    func safeReturnPath() {
        #expect(WebAppStrategy.safeReturnPath("/a/b?c=d") == "/a/b?c=d")
        for hostile in ["", "a", "//x", "/\\x", "https://x", "/a b", "/a\u{7F}", "\\\\x", String(repeating: "/a", count: 2000)] {
            #expect(WebAppStrategy.safeReturnPath(hostile) == "/")
        }
        #expect(WebAppStrategy.safeReturnPath(nil) == "/")
    }

    @Test("The issuer's authorization endpoint: unregistered redirect URIs are never redirected to; PKCE is required")
    func authorizationEndpoint() async throws {
        let app = try await WebAppHarness.start()
        let browser = Browser()
        let challenge = PendingLogin.challenge(for: String(repeating: "v", count: 43))
        func authorize(_ query: String) async throws -> Browser.Page {
            try await browser.get(app.issuer.oauth + "/authorization?" + query)
        }
        let base = "response_type=code&client_id=\(app.credentials.clientID)&scope=openid&state=s"
        let evil = try await authorize(
            base + "&redirect_uri=" + Browser.encode("https://evil.example/cb") + "&code_challenge=\(challenge)&code_challenge_method=S256"
        )
        #expect(evil.status == 400)
        #expect(evil.location == nil)
        #expect(evil.body.contains("redirect_uri is not registered"))
        let unknownClient = try await authorize("response_type=code&client_id=nobody&redirect_uri=" + Browser.encode(app.callbackURL))
        #expect(unknownClient.status == 400)
        let noPKCE = try await authorize(base + "&redirect_uri=" + Browser.encode(app.callbackURL))
        #expect(noPKCE.status == 302)
        #expect(Browser.query(try #require(noPKCE.location))["error"] == "invalid_request")
        #expect(Browser.query(noPKCE.location!)["state"] == "s")
        let plain = try await authorize(
            base + "&redirect_uri=" + Browser.encode(app.callbackURL) + "&code_challenge=\(challenge)&code_challenge_method=plain"
        )
        #expect(Browser.query(try #require(plain.location))["error"] == "invalid_request")
        let token = try await authorize(
            base.replacingOccurrences(of: "response_type=code", with: "response_type=token") + "&redirect_uri=" + Browser.encode(app.callbackURL)
                + "&code_challenge=\(challenge)&code_challenge_method=S256"
        )
        #expect(Browser.query(try #require(token.location))["error"] == "unsupported_response_type")
        let repeated = try await authorize(base + "&state=t&redirect_uri=" + Browser.encode(app.callbackURL))
        #expect(repeated.status == 400)
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("The login form: wrong passwords re-show the form, a missing CSRF cookie is refused, lockout applies")
    func loginForm() async throws {
        let app = try await WebAppHarness.start()
        // An application name with markup: the form must show it escaped.
        let renamed = try await app.issuer.manage(.PUT, "/applications/\(app.credentials.clientID)", ["name": "<script>alert(1)</script>"])
        #expect(renamed.status == 200)
        let browser = Browser()
        let start = try await browser.get(app.baseURL + "/login")
        let authorization = try #require(start.location)
        let form = try await browser.get(authorization)
        #expect(form.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(form.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        var fields = form.formFields
        fields["email"] = "testuser@test.com"
        fields["password"] = "wrong"
        let wrong = try await browser.post(app.issuer.oauth + "/authorization", form: fields.map { ($0.key, $0.value) })
        #expect(wrong.status == 401)
        #expect(wrong.body.contains("Invalid email or password."))
        // Another browser, without the form's cookie, cannot post the form (login CSRF).
        let other = Browser()
        fields["password"] = "testuser"
        let forged = try await other.post(app.issuer.oauth + "/authorization", form: fields.map { ($0.key, $0.value) })
        #expect(forged.status == 403)
        try await other.shutdown()
        // Markup in the name is escaped.
        #expect(!form.body.contains("<script>alert"))
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("The authorization_code grant checks the verifier, the client and the redirect URI")
    func codeGrant() async throws {
        let app = try await WebAppHarness.start()
        let browser = Browser()
        let verifier = String(repeating: "a", count: 43)
        let query =
            "response_type=code&client_id=\(app.credentials.clientID)&scope=openid&state=s&nonce=n&code_challenge=\(PendingLogin.challenge(for: verifier))&code_challenge_method=S256&redirect_uri="
            + Browser.encode(app.callbackURL)
        func code() async throws -> String {
            let form = try await browser.get(app.issuer.oauth + "/authorization?" + query)
            var fields = form.formFields
            fields["email"] = "testuser@test.com"
            fields["password"] = "testuser"
            let submitted = try await browser.post(app.issuer.oauth + "/authorization", form: fields.map { ($0.key, $0.value) })
            let location = try #require(submitted.location)
            return try #require(Browser.query(location)["code"])
        }
        func exchange(_ code: String, verifier: String, redirect: String? = nil, client: AppIDCredentials? = nil) async throws -> IssuerHarness.Reply
        {
            try await app.issuer.token(
                client ?? app.credentials,
                [
                    ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect ?? app.callbackURL), ("code_verifier", verifier),
                ]
            )
        }
        let wrongVerifier = try await exchange(try await code(), verifier: String(repeating: "b", count: 43))
        #expect(wrongVerifier.status == 400)
        #expect(wrongVerifier["error_description"] == "code_verifier does not match the code_challenge")
        let other = try await app.issuer.register("other")
        #expect(try await exchange(try await code(), verifier: verifier, client: other).status == 400)
        #expect(try await exchange(try await code(), verifier: verifier, redirect: app.baseURL + "/elsewhere").status == 400)
        #expect(try await exchange(try await code(), verifier: "short").status == 400)
        let good = try await code()
        let tokens = try await exchange(good, verifier: verifier)
        #expect(tokens.status == 200)
        let identity = try #require(tokens["id_token"])
        #expect(TokenPeekForTests.claim("nonce", identity) == "n")
        app.clock.advance(by: .seconds(61))
        #expect(try await exchange(try await code(), verifier: verifier).status == 200, "a fresh code works")
        let late = try await code()
        app.clock.advance(by: .seconds(61))
        #expect(try await exchange(late, verifier: verifier)["error_description"] == "authorization code expired")
        try await browser.shutdown()
        try await app.stop()
    }

    @Test("User profiles: UserInfo cross-checked against the identity token; attributes")
    func profiles() async throws {
        let app = try await WebAppHarness.start()
        let manager = TokenManager(credentials: app.credentials, configuration: .patient)
        let tokens = try await manager.passwordTokens(username: "testuser@test.com", password: "testuser")
        let profiles = UserProfileManager(credentials: app.credentials, deadline: .patient)
        let info = try await profiles.userInfo(accessToken: tokens.accessToken.raw, identityToken: tokens.identityToken)
        #expect(info["email"] == "testuser@test.com")

        _ = try await app.issuer.manage(.POST, "/cloud_directory/Users", ["email": "mallory@test.com", "password": "pw"])
        let mallory = try await manager.passwordTokens(username: "mallory@test.com", password: "pw")
        await #expect(throws: TokenClientError(.subjectMismatch)) {
            try await profiles.userInfo(accessToken: mallory.accessToken.raw, identityToken: tokens.identityToken)
        }

        try await profiles.setAttribute("theme", to: "dark", accessToken: tokens.accessToken.raw)
        try await profiles.setAttribute("points", to: 42, accessToken: tokens.accessToken.raw)
        #expect(try await profiles.attribute("theme", accessToken: tokens.accessToken.raw) == "dark")
        #expect(try await profiles.attributes(accessToken: tokens.accessToken.raw) == ["theme": "dark", "points": 42])
        #expect(try await profiles.attributes(accessToken: mallory.accessToken.raw) == [:], "attributes are per user")
        try await profiles.deleteAttribute("theme", accessToken: tokens.accessToken.raw)
        await #expect(throws: TokenClientError(.notFound)) { try await profiles.attribute("theme", accessToken: tokens.accessToken.raw) }
        await #expect(throws: TokenClientError(.unauthorized)) { try await profiles.attributes(accessToken: tokens.accessToken.raw + "x") }
        // Hostile attribute requests: an over-long name, a body that is not JSON, no token.
        let bearer = [("Authorization", "Bearer " + tokens.accessToken.raw)]
        let long = try await app.issuer.request(
            .PUT,
            app.issuer.baseURL + "/api/v1/attributes/" + String(repeating: "n", count: 200),
            headers: bearer,
            body: Array("1".utf8)
        )
        #expect(long.status == 400)
        let text = try await app.issuer.request(.PUT, app.issuer.baseURL + "/api/v1/attributes/note", headers: bearer, body: Array("not json".utf8))
        #expect(text.status == 200)
        #expect(try await profiles.attribute("note", accessToken: tokens.accessToken.raw) == "not json")
        #expect(try await app.issuer.request(.GET, app.issuer.baseURL + "/api/v1/attributes").status == 401)
        try await app.stop()
    }
}

/// Reads one claim of a token without verifying it (test inspection only).
enum TokenPeekForTests {
    static func claim(_ name: String, _ token: String) -> String? {
        let parts = token.split(separator: ".")
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]) else { return nil }
        return (try? JSONParser.parse(payload))?[name]?.stringValue
    }
}
#endif
