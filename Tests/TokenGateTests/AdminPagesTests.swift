#if Hummingbird
import Foundation
import NIOHTTP1
import Testing
@testable import TokenGate
import TokenGateLocalIssuer

/// The local issuer's administration pages over loopback: sign-in with the admin token,
/// Applications (add, read the credentials back, delete) and Users, CSRF on every form.
@Suite("Local issuer administration pages")
struct AdminPagesTests {
    static func signIn(_ harness: IssuerHarness, _ browser: Browser, token: String = IssuerHarness.adminToken) async throws -> Browser.Page {
        let login = try await browser.get(harness.baseURL + "/admin/login")
        #expect(login.status == 200)
        let csrf = try #require(login.formFields["csrf"])
        return try await browser.post(harness.baseURL + "/admin/login", form: [("csrf", csrf), ("token", token)])
    }

    @Test("Sign in, add an application, read its client ID, secret and URLs back, delete it")
    func applications() async throws {
        let harness = try await IssuerHarness.start()
        let browser = Browser()
        #expect(try await browser.get(harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/applications").location == "/admin/login")
        let wrong = try await Self.signIn(harness, browser, token: "not-the-token")
        #expect(wrong.status == 401)
        let signedIn = try await Self.signIn(harness, browser)
        #expect(signedIn.status == 302)
        #expect(signedIn.headers.first(name: "Set-Cookie")?.contains("HttpOnly") == true)
        let page = try await browser.get(harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/applications")
        #expect(page.status == 200)
        #expect(page.body.contains("No applications yet."))
        let csrf = try #require(page.formFields["csrf"])

        let long = try await browser.post(
            harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/applications",
            form: [("csrf", csrf), ("name", String(repeating: "n", count: 51))]
        )
        #expect(long.status == 400)
        #expect(long.body.contains("The name of your application must have 1 to 50 characters."))

        let added = try await browser.post(
            harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/applications",
            form: [("csrf", csrf), ("name", "<b>My App</b>")]
        )
        #expect(added.status == 200)
        #expect(added.body.contains("&lt;b&gt;My App&lt;/b&gt;"), "names are escaped")
        #expect(!added.body.contains("<b>My App</b>"))
        let application = try #require(try harness.issuer.applications(tenantID: IssuerHarness.tenant).first)
        #expect(added.body.contains(application.clientID))
        let secret = try #require(Self.capture(#"<dd class="secret">([^<]+)</dd>"#, added.body))
        // The secret shown is the application's: the token endpoint accepts it.
        var credentials = application
        credentials.secret = secret
        #expect(try await harness.token(credentials, [("grant_type", "client_credentials")]).status == 200)
        #expect(added.body.contains(application.oauthServerURL))
        #expect(added.body.contains("data-copy=\"\(application.clientID)\""))

        // Later views do not show the secret again.
        let later = try await browser.get(harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/applications")
        #expect(!later.body.contains(secret))

        // Without the session's CSRF token, forms are refused.
        let forged = try await browser.post(
            harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/applications",
            form: [("csrf", "guess"), ("name", "x")]
        )
        #expect(forged.status == 400)
        #expect(try harness.issuer.applications(tenantID: IssuerHarness.tenant).count == 1)

        let deleted = try await browser.post(
            harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/applications/\(application.clientID)/delete",
            form: [("csrf", csrf)]
        )
        #expect(deleted.status == 302)
        #expect(try harness.issuer.applications(tenantID: IssuerHarness.tenant).isEmpty)

        let logout = try await browser.post(harness.baseURL + "/admin/logout", form: [("csrf", csrf)])
        #expect(logout.status == 302)
        #expect(try await browser.get(harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/users").location == "/admin/login")
        try await browser.shutdown()
        try await harness.stop()
    }

    @Test("Users: add (password grant works), refuse a duplicate with a message, remove")
    func users() async throws {
        let harness = try await IssuerHarness.start()
        let browser = Browser()
        _ = try await Self.signIn(harness, browser)
        let page = try await browser.get(harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/users")
        #expect(page.body.contains("testuser@test.com"))
        let csrf = try #require(page.formFields["csrf"])
        let added = try await browser.post(
            harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/users",
            form: [("csrf", csrf), ("email", "grace@example.com"), ("password", "pw-9"), ("name", "Grace")]
        )
        #expect(added.status == 302)
        let credentials = try await harness.register()
        #expect(
            try await harness.token(credentials, [("grant_type", "password"), ("username", "grace@example.com"), ("password", "pw-9")]).status == 200
        )
        let duplicate = try await browser.post(
            harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/users",
            form: [("csrf", csrf), ("email", "grace@example.com"), ("password", "x")]
        )
        #expect(duplicate.status == 400)
        #expect(duplicate.body.contains("a user with this email exists"))
        let grace = try #require(try harness.issuer.users(tenantID: IssuerHarness.tenant).first { $0.email == "grace@example.com" })
        let removed = try await browser.post(
            harness.baseURL + "/admin/tenants/\(IssuerHarness.tenant)/users/\(grace.id)/delete",
            form: [("csrf", csrf)]
        )
        #expect(removed.status == 302)
        #expect(
            try await harness.token(credentials, [("grant_type", "password"), ("username", "grace@example.com"), ("password", "pw-9")]).status == 400
        )
        try await browser.shutdown()
        try await harness.stop()
    }

    static func capture(_ pattern: String, _ text: String) -> String? {
        let expression = try! NSRegularExpression(pattern: pattern)
        guard let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }
}
#endif
