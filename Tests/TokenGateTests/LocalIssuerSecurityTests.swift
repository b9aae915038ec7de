#if Hummingbird
import Crypto
import Foundation
import NIOHTTP1
import Testing
@testable import TokenGate
@testable import TokenGateLocalIssuer
import TokenGateHTTPClient
import TokenGateTesting

/// Attacks on the local issuer: script injection through its pages, parallel password
/// guessing, races between token reuse detection and the minting of new grants, and identity
/// tokens passed off as access tokens.
@Suite("Local issuer security")
struct LocalIssuerSecurityTests {
    // MARK: - Pages

    /// A running issuer with an application and a registered redirect URI, and the query of a
    /// valid authorization request for it (without `state`).
    struct AuthorizationSetup {
        let harness: IssuerHarness
        let browser: Browser
        let credentials: AppIDCredentials
        let redirectURI = "http://127.0.0.1:9/callback"

        /// Runs `body` with a fresh setup, and stops it whether `body` succeeds or throws.
        static func run(applicationName: String = "web-app", _ body: (AuthorizationSetup) async throws -> Void) async throws {
            let harness = try await IssuerHarness.start()
            let browser = Browser()
            do {
                let credentials = try await harness.register(applicationName)
                let setup = AuthorizationSetup(harness: harness, browser: browser, credentials: credentials)
                let uris = try await harness.manage(.PUT, "/config/redirect_uris", ["redirectUris": [.string(setup.redirectURI)]])
                guard uris.status == 200 else { throw HarnessError("redirect URIs: \(uris.text)") }
                try await body(setup)
            } catch {
                try await browser.shutdown()
                try await harness.stop()
                throw error
            }
            try await browser.shutdown()
            try await harness.stop()
        }

        func query(clientID: String? = nil) -> String {
            let challenge = PendingLogin.challenge(for: String(repeating: "v", count: 43))
            return "response_type=code&client_id=\(clientID ?? self.credentials.clientID)&scope=openid&code_challenge=\(challenge)"
                + "&code_challenge_method=S256&redirect_uri=" + Browser.encode(self.redirectURI)
        }

        func authorize(_ extra: String, clientID: String? = nil) async throws -> Browser.Page {
            try await self.browser.get(self.harness.oauth + "/authorization?" + self.query(clientID: clientID) + extra)
        }
    }

    /// The published attack: `"` + U+0301 and U+0600 + `<` are single grapheme clusters, which
    /// an escaper working per `Character` does not recognise as `"` or `<`.
    static let graphemePayload = "\"\u{301}\u{600}>\u{600}<svg/onload=alert(document.domain)//\u{600}>"

    @Test(
        "Echoed parameters outside visible ASCII, or too long, get an error page (never the form, never a redirect)",
        arguments: [
            ("&state=", LocalIssuerSecurityTests.graphemePayload),
            ("&nonce=", LocalIssuerSecurityTests.graphemePayload),
            ("&state=", "caf\u{E9}"),
            ("&state=", "a\tb"),
            ("&state=", String(repeating: "s", count: 513)),
            ("&nonce=", String(repeating: "n", count: 513)),
            ("&scope=openid%20", "\u{600}<x"),
        ]
    )
    func echoedParametersAreVisibleASCII(_ parameter: String, _ value: String) async throws {
        try await AuthorizationSetup.run { setup in
            let page = try await setup.authorize(parameter + Browser.encode(value))
            #expect(page.status == 400, "\(parameter)\(value.prefix(20)): \(page.status)")
            #expect(page.location == nil)
            #expect(!page.body.contains("<svg"))
            #expect(!page.body.contains("<form"))
        }
    }

    @Test("A redirect_uri outside visible ASCII is refused on a page, not redirected to")
    func redirectURIIsVisibleASCII() async throws {
        try await AuthorizationSetup.run { setup in
            let challenge = PendingLogin.challenge(for: String(repeating: "v", count: 43))
            let query =
                "response_type=code&client_id=\(setup.credentials.clientID)&code_challenge=\(challenge)&code_challenge_method=S256"
                + "&redirect_uri=" + Browser.encode(setup.redirectURI + "\u{600}<svg/onload=alert(1)>")
            let page = try await setup.browser.get(setup.harness.oauth + "/authorization?" + query)
            #expect(page.status == 400)
            #expect(page.location == nil)
            #expect(!page.body.contains("<svg"))
            // Registering such a URI is refused too.
            let registered = try await setup.harness.manage(.PUT, "/config/redirect_uris", ["redirectUris": [.string("https://x.example/\u{E9}")]])
            #expect(registered.status == 400)
        }
    }

    @Test("A visible-ASCII state that closes the attribute is escaped in the form and carried intact")
    func asciiStateIsEscaped() async throws {
        try await AuthorizationSetup.run { setup in
            let state = #""><svg/onload=alert(1)>'&"#
            let page = try await setup.authorize("&state=" + Browser.encode(state))
            #expect(page.status == 200)
            #expect(!page.body.contains("<svg"))
            #expect(page.body.contains("&quot;&gt;&lt;svg/onload=alert(1)&gt;&#39;&amp;"))
            #expect(page.formFields["state"] == state)
        }
    }

    @Test("An application name with grapheme-hidden markup is escaped scalar by scalar on the login form")
    func applicationNameEscapedPerScalar() async throws {
        try await AuthorizationSetup.run(applicationName: "\u{600}<svg/onload=alert(1)>\"\u{301}") { setup in
            let page = try await setup.authorize("&state=s")
            #expect(page.status == 200)
            #expect(!page.body.contains("<svg"), "\(page.body.prefix(2000))")
            #expect(page.body.contains("\u{600}&lt;svg/onload=alert(1)&gt;&quot;\u{301}"))
        }
    }

    @Test("Every page escapes each Unicode scalar: grapheme clusters hide nothing")
    func renderEscapesPerScalar() {
        let rendered = Pages.render("error", ["title": "t", "message": "\"\u{301}\u{600}<\u{600}>&'"])
        #expect(rendered.contains("&quot;\u{301}\u{600}&lt;\u{600}&gt;&amp;&#39;"), "\(rendered)")
    }

    @Test("The pages' policy runs no inline script but the copy buttons' (by hash) and posts forms only to the issuer and the redirect URI's origin")
    func contentSecurityPolicy() async throws {
        try await AuthorizationSetup.run { setup in
            let page = try await setup.authorize("&state=s")
            let directives = Self.directives(try #require(page.headers.first(name: "Content-Security-Policy")))
            let scripts = try #require(directives["script-src"])
            #expect(!scripts.contains("'unsafe-inline'"))
            // The one inline script is allowed by its hash, and only it.
            let script = try #require(AdminPagesTests.capture(#"(?s)<script>(.*?)</script>"#, page.body))
            let hash = "'sha256-" + Data(SHA256.hash(data: Array(script.utf8))).base64EncodedString() + "'"
            #expect(scripts == [hash])
            #expect(directives["form-action"] == ["'self'", "http://127.0.0.1:9"])
            #expect(directives["default-src"] == ["'none'"])

            let admin = try await setup.browser.get(setup.harness.baseURL + "/admin/login")
            let adminDirectives = Self.directives(try #require(admin.headers.first(name: "Content-Security-Policy")))
            #expect(adminDirectives["form-action"] == ["'self'"])
            #expect(adminDirectives["script-src"] == [hash])
        }
    }

    /// A policy's directives by name.
    static func directives(_ policy: String) -> [String: [String]] {
        Dictionary(
            policy.split(separator: ";").map { directive in
                let words = directive.split(separator: " ").map(String.init)
                return (words.first ?? "", Array(words.dropFirst()))
            },
            uniquingKeysWith: { first, _ in first }
        )
    }

    // MARK: - Password guessing

    /// An issuer that is not served (its programmatic API is enough), with one user whose hash
    /// takes long enough that parallel guesses overlap.
    static func unservedIssuer(maximumFailedLogins: Int = 5, concurrentChecks: Int? = nil, rounds: Int = 1_000) throws -> LocalIssuer {
        var configuration = IssuerHarness.configuration()
        configuration.publicBaseURL = "http://127.0.0.1:9"
        configuration.passwordHashRounds = rounds
        configuration.maximumFailedLogins = maximumFailedLogins
        if let concurrentChecks { configuration.maximumConcurrentPasswordChecks = concurrentChecks }
        return try LocalIssuer(configuration: configuration)
    }

    @Test("Parallel guesses for one user: no more are checked than the lockout allows")
    func parallelGuessesStopAtLockout() async throws {
        // Twelve wrong passwords for one user sent at the same moment; a check-then-act lockout
        // lets all of them reach the password hash.
        let issuer = try Self.unservedIssuer(maximumFailedLogins: 3, concurrentChecks: 64, rounds: 50_000)
        let outcomes = await onParallelThreads(12) { _ in
            Result { () throws(LocalIssuerError) in
                _ = try issuer.login(tenantID: IssuerHarness.tenant, username: "testuser@test.com", password: "wrong")
            }
        }
        let checked = outcomes.filter { if case .failure(let error) = $0 { error.code == .invalidGrant } else { false } }.count
        let refused = outcomes.filter { if case .failure(let error) = $0 { error.code == .tooManyRequests } else { false } }.count
        #expect(checked == 3, "passwords checked: \(checked)")
        #expect(refused == 9)
        // Locked out now: even the right password is refused.
        #expect(throws: LocalIssuerError(.tooManyRequests, "")) {
            try issuer.login(tenantID: IssuerHarness.tenant, username: "testuser@test.com", password: "testuser")
        }
    }

    @Test("Password hashing is bounded across user names: excess logins are answered 'busy' at once")
    func hashingConcurrencyIsBounded() async throws {
        // Twelve logins under twelve names at the same moment: per-name lockouts do not apply,
        // only a global bound keeps the issuer from hashing all of them at once.
        let issuer = try Self.unservedIssuer(concurrentChecks: 2, rounds: 200_000)
        _ = issuer.decoy()
        let outcomes = await onParallelThreads(12) { index in
            Result { () throws(LocalIssuerError) in
                _ = try issuer.login(tenantID: IssuerHarness.tenant, username: "nobody-\(index)@test.com", password: "wrong")
            }
        }
        let busy = outcomes.compactMap { outcome -> LocalIssuerError? in
            if case .failure(let error) = outcome, error.code == .tooManyRequests { return error }
            return nil
        }
        #expect(!busy.isEmpty, "no login was turned away")
        #expect(busy.allSatisfy { $0.retryAfterSeconds == 1 })
        let checked = outcomes.filter { if case .failure(let error) = $0 { error.code == .invalidGrant } else { false } }.count
        #expect(checked + busy.count == 12)
        // A login after the burst is checked normally.
        #expect(throws: LocalIssuerError(.invalidGrant, "")) {
            try issuer.login(tenantID: IssuerHarness.tenant, username: "nobody@test.com", password: "wrong")
        }
    }

    // MARK: - Reuse detection

    static func refreshToken(_ outcome: Result<IssuedTokens, LocalIssuerError>) -> String? {
        if case .success(let tokens) = outcome { return tokens.refreshToken }
        return nil
    }

    @Test("A refresh token used twice at once: the family revocation also reaches the token minted for the first use")
    func concurrentRefreshReuse() async throws {
        let issuer = try Self.unservedIssuer()
        let registered = try issuer.registerApplication(tenantID: IssuerHarness.tenant, name: "app")
        let application = try issuer.authenticateClient(tenantID: IssuerHarness.tenant, clientID: registered.clientID, secret: registered.secret!)
        var raced = 0
        for _ in 0..<20 {
            let login = try issuer.token(
                tenantID: IssuerHarness.tenant,
                application: application,
                parameters: ["grant_type": "password", "username": "testuser@test.com", "password": "testuser"]
            )
            let stolen = try #require(login.refreshToken)
            let outcomes = await onParallelThreads(2) { _ in
                Result { () throws(LocalIssuerError) in
                    try issuer.token(
                        tenantID: IssuerHarness.tenant,
                        application: application,
                        parameters: ["grant_type": "refresh_token", "refresh_token": stolen]
                    )
                }
            }
            let minted = outcomes.compactMap(Self.refreshToken)
            #expect(minted.count == 1, "exactly one of two uses of one refresh token succeeds")
            for token in minted {
                raced += 1
                // The second use revoked the family: the token minted for the first use must be dead.
                #expect(throws: LocalIssuerError(.invalidGrant, "")) {
                    try issuer.token(
                        tenantID: IssuerHarness.tenant,
                        application: application,
                        parameters: ["grant_type": "refresh_token", "refresh_token": token]
                    )
                }
            }
        }
        #expect(raced == 20)
    }

    @Test("An authorization code exchanged twice at once: the refresh token of the first exchange is revoked")
    func concurrentCodeReplay() async throws {
        let issuer = try Self.unservedIssuer()
        let registered = try issuer.registerApplication(tenantID: IssuerHarness.tenant, name: "app")
        let application = try issuer.authenticateClient(tenantID: IssuerHarness.tenant, clientID: registered.clientID, secret: registered.secret!)
        let verifier = String(repeating: "v", count: 43)
        let request = AuthorizationRequest(
            clientID: registered.clientID,
            applicationName: "app",
            redirectURI: "http://127.0.0.1:9/cb",
            scope: "openid",
            state: nil,
            nonce: nil,
            codeChallenge: PendingLogin.challenge(for: verifier)
        )
        for _ in 0..<20 {
            let location = try issuer.issueCode(tenantID: IssuerHarness.tenant, request: request, email: "testuser@test.com", password: "testuser")
            let code = try #require(Browser.query(location)["code"])
            let parameters = ["grant_type": "authorization_code", "code": code, "redirect_uri": request.redirectURI, "code_verifier": verifier]
            let outcomes = await onParallelThreads(2) { _ in
                Result { () throws(LocalIssuerError) in
                    try issuer.token(tenantID: IssuerHarness.tenant, application: application, parameters: parameters)
                }
            }
            let minted = outcomes.compactMap(Self.refreshToken)
            #expect(minted.count == 1, "exactly one of two exchanges of one code succeeds")
            for token in minted {
                #expect(throws: LocalIssuerError(.invalidGrant, "")) {
                    try issuer.token(
                        tenantID: IssuerHarness.tenant,
                        application: application,
                        parameters: ["grant_type": "refresh_token", "refresh_token": token]
                    )
                }
            }
        }
    }

    // MARK: - Token types

    static func headerType(_ token: String) -> String? {
        let parts = token.split(separator: ".")
        guard parts.count == 3, let header = Base64URL.decode(parts[0]) else { return nil }
        return (try? JSONParser.parse(header))?["typ"]?.stringValue
    }

    @Test("Access tokens are typed at+jwt, identity tokens JWT: a typ allow-list tells them apart")
    func accessTokenType() async throws {
        let harness = try await IssuerHarness.start()
        do {
            let credentials = try await harness.register()
            let tokens = try await harness.token(
                credentials,
                [("grant_type", "password"), ("username", "testuser@test.com"), ("password", "testuser")]
            )
            let access = try #require(tokens["access_token"])
            let identity = try #require(tokens["id_token"])
            #expect(Self.headerType(access) == "at+jwt")
            #expect(Self.headerType(identity) == "JWT")
            let clientOnly = try #require(try await harness.token(credentials, [("grant_type", "client_credentials")])["access_token"])
            #expect(Self.headerType(clientOnly) == "at+jwt")

            let keys = try KeySet(jwks: try await harness.request(.GET, harness.oauth + "/publickeys").body)
            var rules = TokenVerifier.Configuration.appID(credentials)
            rules.allowedTypes = ["at+jwt"]
            let verifier = TokenVerifier(configuration: rules)
            _ = try verifier.verify(access, keys: keys, now: harness.clock.currentDate())
            #expect(throws: TokenGateError(.disallowedType)) { try verifier.verify(identity, keys: keys, now: harness.clock.currentDate()) }

            // The issuer's own endpoints that take access tokens refuse identity tokens.
            let info = try await harness.request(.GET, harness.oauth + "/userinfo", headers: [("Authorization", "Bearer \(identity)")])
            #expect(info.status == 401)
            let introspected = try await harness.request(
                .POST,
                harness.oauth + "/introspect",
                headers: [IssuerHarness.basic(credentials), ("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("token=\(identity)".utf8)
            )
            #expect(introspected.json["active"] == false)

            // With the strategy's access-token types: the pair passes, the identity token alone does not.
            let fetcher = HTTPJWKSFetcher.patient
            var configuration = APIStrategy.Configuration()
            configuration.accessTokenTypes = ["at+jwt"]
            let strategy = APIStrategy(issuer: .appID(credentials, fetcher: fetcher), configuration: configuration)
            let pair = await strategy.authorize(authorizationField: "Bearer \(access) \(identity)"[...])
            let alone = await strategy.authorize(authorizationField: "Bearer \(identity)"[...])
            if case .authorized = pair {} else { Issue.record("the issuer's access and identity tokens were refused: \(pair)") }
            if case .refused(let failure) = alone {
                #expect(failure.error?.code == .disallowedType)
            } else {
                Issue.record("the identity token passed as an access token")
            }
        } catch {
            try await harness.stop()
            throw error
        }
        try await harness.stop()
    }

    // MARK: - Administration

    @Test("A user cannot be added twice by padding the email with spaces")
    func addUserTrimmedConflict() throws {
        let issuer = try Self.unservedIssuer()
        #expect(throws: LocalIssuerError(.conflict, "")) {
            try issuer.addUser(tenantID: IssuerHarness.tenant, email: " testuser@test.com ", password: "other")
        }
        let users = try issuer.users(tenantID: IssuerHarness.tenant)
        #expect(users.count == 1)
    }
}
#endif
