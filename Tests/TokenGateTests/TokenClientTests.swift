#if Hummingbird
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import Synchronization
import Testing
@testable import TokenGate
import TokenGateHTTPClient
import TokenGateHummingbird
import TokenGateLocalIssuer
import TokenGateTesting

/// `TokenManager` and `ManagementClient` against the local issuer (and against a hostile token
/// endpoint), over real loopback HTTP.
@Suite("Token and management clients")
struct TokenClientTests {
    /// A harness with a registered application, a fetcher, and a manager whose verifier reads
    /// the harness's manual clock.
    struct Clients {
        let harness: IssuerHarness
        let fetcher: HTTPJWKSFetcher
        let credentials: AppIDCredentials
        let manager: TokenManager

        static func make(scopes: [String] = []) async throws -> Clients {
            let harness = try await IssuerHarness.start()
            let fetcher = HTTPJWKSFetcher.patient
            let management = ManagementClient(managementURL: harness.management, bearerToken: IssuerHarness.adminToken, deadline: .patient)
            let credentials = try await management.registerApplication(name: "client-tests")
            if !scopes.isEmpty { _ = try await management.setScopes(scopes, clientID: credentials.clientID) }
            let manager = TokenManager(
                credentials: credentials,
                configuration: .patient,
                issuer: Self.issuer(credentials, fetcher, harness.clock),
                wallClock: harness.clock
            )
            return Clients(harness: harness, fetcher: fetcher, credentials: credentials, manager: manager)
        }

        static func issuer(_ credentials: AppIDCredentials, _ fetcher: HTTPJWKSFetcher, _ clock: ManualClock) -> IssuerVerifier {
            let keys = KeySetCache(
                configuration: .init(source: .appID(oauthServerURL: credentials.oauthServerURL)),
                fetcher: fetcher,
                clock: clock,
                wallClock: clock
            )
            return IssuerVerifier(verifier: TokenVerifier(configuration: .appID(credentials)), keys: keys, wallClock: clock)
        }

        func stop() async throws {
            try await self.harness.stop()
        }
    }

    @Test("The seed flow through the clients: register, password grant, then /api/protected")
    func seedFlow() async throws {
        let clients = try await Clients.make()
        #expect(clients.credentials.secret?.isEmpty == false)
        #expect(clients.credentials.oauthServerURL == clients.harness.oauth)
        let tokens = try await clients.manager.passwordTokens(username: "testuser@test.com", password: "testuser")
        #expect(tokens.identityToken?.claims["email"]?.stringValue == "testuser@test.com")
        #expect(tokens.refreshToken != nil)
        #expect(tokens.expiresIn == .seconds(3600))
        #expect(tokens.scopes.contains("appid_default"))
        #expect(tokens.authorizationContext.refreshToken == tokens.refreshToken)

        let strategy = APIStrategy(issuer: .appID(clients.credentials, fetcher: clients.fetcher), configuration: .appID)
        try await HummingbirdAdapterTests.application(strategy).test(.router) { client in
            let response = try await client.execute(uri: "/api/protected", method: .get, headers: [.authorization: tokens.authorizationHeader])
            #expect(response.status == .ok)
            let subject = try #require(tokens.accessToken.claims.subject)
            #expect(String(buffer: response.body) == "\(subject) \(subject)")
        }
        try await clients.stop()
    }

    @Test("Application identity token: no identity token; cached; one request for 1 000 concurrent callers; renewed before expiry")
    func applicationIdentityToken() async throws {
        let clients = try await Clients.make()
        let manager = clients.manager
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<1_000 {
                group.addTask { try await manager.applicationIdentityToken().accessToken.raw }
            }
            var seen = Set<String>()
            for try await token in group { seen.insert(token) }
            return seen
        }
        // Every token the issuer signs has its own jti: one distinct token means one request.
        #expect(tokens.count == 1)
        let first = try await manager.applicationIdentityToken()
        #expect(first.identityToken == nil)
        #expect(first.refreshToken == nil)
        #expect(first.accessToken.claims.subject == clients.credentials.clientID)

        clients.harness.clock.advance(by: .seconds(3_500))
        #expect(try await manager.applicationIdentityToken().accessToken.raw == first.accessToken.raw, "still well before expiry")
        clients.harness.clock.advance(by: .seconds(60))
        let renewed = try await manager.applicationIdentityToken()
        #expect(renewed.accessToken.raw != first.accessToken.raw, "renewed 60 s before expiry")
        manager.invalidateApplicationIdentityToken()
        #expect(try await manager.applicationIdentityToken().accessToken.raw != renewed.accessToken.raw)
        try await clients.stop()
    }

    @Test("Typed errors with the server's description: wrong secret, wrong password, lockout, used refresh token")
    func errors() async throws {
        let clients = try await Clients.make()
        var wrongSecret = clients.credentials
        wrongSecret.secret = "wrong"
        let badClient = TokenManager(credentials: wrongSecret, configuration: .patient)
        await #expect(throws: TokenClientError(.invalidClient)) { try await badClient.applicationIdentityToken() }
        do {
            _ = try await clients.manager.passwordTokens(username: "testuser@test.com", password: "nope")
            Issue.record("accepted a wrong password")
        } catch {
            #expect(error.code == .invalidGrant)
            #expect(error.status == 400)
            #expect(error.serverDescription == "invalid username or password")
        }
        for _ in 0..<4 { _ = try? await clients.manager.passwordTokens(username: "testuser@test.com", password: "nope") }
        do {
            _ = try await clients.manager.passwordTokens(username: "testuser@test.com", password: "testuser")
            Issue.record("not locked out")
        } catch {
            #expect(error.code == .rateLimited)
            #expect(error.retryAfter == .seconds(30))
        }
        clients.harness.clock.advance(by: .seconds(31))
        let tokens = try await clients.manager.passwordTokens(username: "testuser@test.com", password: "testuser")
        let refreshed = try await clients.manager.refreshTokens(try #require(tokens.refreshToken))
        #expect(refreshed.refreshToken != tokens.refreshToken)
        #expect(refreshed.identityToken != nil)
        await #expect(throws: TokenClientError(.invalidGrant)) { try await clients.manager.refreshTokens(tokens.refreshToken!) }
        await #expect(throws: TokenClientError(.invalidScope)) {
            try await clients.manager.passwordTokens(username: "testuser@test.com", password: "testuser", scopes: ["root"])
        }
        try await clients.stop()
    }

    @Test("Management client: list, read, scopes, delete, not found, wrong token")
    func management() async throws {
        let clients = try await Clients.make()
        let management = ManagementClient(managementURL: clients.harness.management, bearerToken: IssuerHarness.adminToken, deadline: .patient)
        let listed = try await management.applications()
        #expect(listed.map(\.clientID) == [clients.credentials.clientID])
        #expect(listed.first?.secret == nil)
        #expect(try await management.application(clientID: clients.credentials.clientID).name == "client-tests")
        #expect(try await management.setScopes(["read", "read", "admin"], clientID: clients.credentials.clientID) == ["read", "admin"])
        do {
            _ = try await management.registerApplication(name: String(repeating: "x", count: 51))
            Issue.record("accepted a 51-character name")
        } catch {
            #expect(error.code == .invalidRequest)
            #expect(error.serverDescription == "The name of your application must have 1 to 50 characters.")
        }
        try await management.deleteApplication(clientID: clients.credentials.clientID)
        await #expect(throws: TokenClientError(.notFound)) { try await management.application(clientID: clients.credentials.clientID) }
        let intruder = ManagementClient(managementURL: clients.harness.management, bearerToken: "guess-guess-guess-guess", deadline: .patient)
        await #expect(throws: TokenClientError(.unauthorized)) { try await intruder.applications() }
        try await clients.stop()
    }

    @Test("Custom identity through the client")
    func customIdentity() async throws {
        let clients = try await Clients.make()
        let idp = try TestSigningKey.generate(.rs256, keyID: "idp-1")
        _ = try await clients.harness.manage(.PUT, "/config/idps/custom", ["isActive": true, "config": ["publicKey": .string(idp.publicKeyPEM!)]])
        let now = Int64(clients.harness.clock.currentDate().secondsSinceEpoch)
        let assertion = try idp.token(claims: [
            "iss": "idp", "sub": "u-7", "aud": .string(clients.harness.oauth), "exp": .number(JSONNumber(now + 120)), "name": "Lin",
        ])
        let tokens = try await clients.manager.customIdentityTokens(assertion: assertion)
        #expect(tokens.identityToken?.claims["name"]?.stringValue == "Lin")
        try await clients.stop()
    }

    /// A token endpoint under the test's control, with the keys it publishes.
    static func hostileEndpoint(_ reply: @escaping @Sendable (String) -> KeyServer.Reply) async throws -> (KeyServer, AppIDCredentials) {
        let server = try await KeyServer.start(reply)
        let credentials = AppIDCredentials(clientID: Fixtures.audience, tenantID: "tenant-1", oauthServerURL: server.baseURL + "/oauth", secret: "s")
        return (server, credentials)
    }

    @Test("Tokens from the endpoint are verified: forged, wrong audience, identity of another user are refused")
    func receivedTokensAreVerified() async throws {
        let genuine = Fixtures.rs256
        let forger = try TestSigningKey.generate(.rs256, keyID: genuine.keyID)
        let responses = Mutex<[String: JSONValue]>([:])
        let (server, _) = try await Self.hostileEndpoint { path in
            if path == "/oauth/publickeys" { return .json(TestSigningKey.jwksJSON([genuine])) }
            return .json(JSONValue.object(responses.withLock { $0 }).serialized)
        }
        let fetcher = HTTPJWKSFetcher.patient
        let credentials = AppIDCredentials(clientID: Fixtures.audience, tenantID: "tenant-1", oauthServerURL: server.baseURL + "/oauth", secret: "s")
        let now = NumericDate.now
        func claims(_ overrides: [String: JSONValue] = [:]) -> [String: JSONValue] {
            var claims = Fixtures.claims(overrides)
            claims["iss"] = .string(credentials.oauthServerURL)
            claims["exp"] = .number(JSONNumber(Int64(now.secondsSinceEpoch) + 600))
            claims["iat"] = .number(JSONNumber(Int64(now.secondsSinceEpoch)))
            return claims
        }
        let manager = TokenManager(credentials: credentials, configuration: .patient, issuer: .appID(credentials, fetcher: fetcher))
        func expectRefused(_ body: [String: JSONValue], _ code: TokenGateError.Code, _ comment: Comment) async {
            responses.withLock { $0 = body }
            do {
                _ = try await manager.passwordTokens(username: "u", password: "p")
                Issue.record(comment)
            } catch {
                #expect(error.code == .invalidToken, comment)
                #expect(error.tokenError?.code == code, comment)
            }
        }
        await expectRefused(["access_token": .string(try forger.token(claims: claims())), "token_type": "Bearer"], .invalidSignature, "forged")
        await expectRefused(["access_token": .string(try genuine.token(claims: claims(["aud": ["someone-else"]])))], .invalidAudience, "audience")
        await expectRefused(
            [
                "access_token": .string(try genuine.token(claims: claims())),
                "id_token": .string(try genuine.token(claims: claims(["sub": "another-user"]))),
            ],
            .identityMismatch,
            "identity of another user"
        )
        // A genuine answer, with expires_in as a string (as one App ID document shows it).
        responses.withLock { $0 = ["access_token": .string(try! genuine.token(claims: claims())), "token_type": "bearer", "expires_in": "3600"] }
        #expect(try await manager.passwordTokens(username: "u", password: "p").expiresIn == .seconds(3600))
        try await server.close()
    }

    @Test(
        "Broken token endpoints: garbage, no access_token, another token type, 500, huge body, unreachable, plain http elsewhere",
        arguments: [
            ("garbage", KeyServer.Reply.json("<html>"), TokenClientError.Code.invalidResponse),
            ("no access_token", KeyServer.Reply.json(#"{"token_type":"Bearer"}"#), .invalidResponse),
            ("access_token a number", KeyServer.Reply.json(#"{"access_token":42,"token_type":"Bearer"}"#), .invalidResponse),
            ("an array", KeyServer.Reply.json(#"["a.b.c"]"#), .invalidResponse),
            ("token type", KeyServer.Reply.json(#"{"access_token":"a.b.c","token_type":"MAC"}"#), .invalidResponse),
            ("server error", KeyServer.Reply(status: .internalServerError), .serverError),
            ("rate limited", KeyServer.Reply(status: .tooManyRequests, headers: [("Retry-After", "7")]), .rateLimited),
            ("huge", KeyServer.Reply(status: .ok, body: Array(repeating: 0x20, count: 200_000)), .invalidResponse),
            ("redirect", KeyServer.Reply(status: .found, headers: [("Location", "http://127.0.0.1:1/")]), .network),
            ("redirect back", KeyServer.Reply(status: .found, headers: [("Location", "/oauth/elsewhere")]), .invalidResponse),
            ("redirect keeping the form", KeyServer.Reply(status: .temporaryRedirect, headers: [("Location", "/oauth/elsewhere")]), .invalidResponse),
        ]
    )
    func brokenEndpoints(_ name: String, _ reply: KeyServer.Reply, _ code: TokenClientError.Code) async throws {
        let (server, credentials) = try await Self.hostileEndpoint { _ in reply }
        // The default 10 s deadline, not the patient one: AsyncHTTPClient retries the refused
        // connection of the "redirect" case until the deadline, which then answers .network.
        let manager = TokenManager(credentials: credentials)
        do {
            _ = try await manager.applicationIdentityToken()
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.code == code, "\(name): \(error)")
            if code == .rateLimited { #expect(error.retryAfter == .seconds(7)) }
        }
        try await server.close()
    }

    @Test("A token response that is not JSON, or JSON of another shape, is invalidResponse saying which")
    func wrongShapes() async throws {
        let cases: [(String, String)] = [
            ("<html>", "the token response is not JSON"),
            (#"{"access_token":42}"#, "the token response is not of the expected shape at access_token"),
            (#"{"token_type":"Bearer"}"#, "the token response is not of the expected shape at access_token"),
            (#"{"access_token":"a.b.c","id_token":["x"]}"#, "the token response is not of the expected shape at id_token"),
        ]
        for (body, description) in cases {
            let (server, credentials) = try await Self.hostileEndpoint { _ in .json(body) }
            do {
                _ = try await TokenManager(credentials: credentials, configuration: .patient).applicationIdentityToken()
                Issue.record("\(body): accepted")
            } catch {
                #expect(error.code == .invalidResponse, "\(body)")
                #expect(error.status == 200, "\(body)")
                #expect(error.serverDescription == description, "\(body)")
            }
            try await server.close()
        }
    }

    @Test("An OAuth error body of another shape still gives the status's error, without the server's words")
    func errorBodyShapes() async throws {
        for body in [#"{"error":7,"error_description":["x"]}"#, "not json", #"["invalid_grant"]"#] {
            let (server, credentials) = try await Self.hostileEndpoint { _ in KeyServer.Reply(status: .badRequest, body: Array(body.utf8)) }
            do {
                _ = try await TokenManager(credentials: credentials, configuration: .patient).applicationIdentityToken()
                Issue.record("\(body): accepted")
            } catch {
                #expect(error.code == .invalidRequest, "\(body)")
                #expect(error.serverError == nil, "\(body)")
                // What came back is described (media type and size), never quoted.
                #expect(error.serverDescription == "not an OAuth error answer (no Content-Type, \(body.utf8.count) bytes)", "\(body)")
            }
            try await server.close()
        }
    }

    @Test("Unreachable and non-https endpoints")
    func unreachable() async throws {
        let closed = AppIDCredentials(clientID: "c", tenantID: "t", oauthServerURL: "http://127.0.0.1:1/oauth", secret: "s")
        await #expect(throws: TokenClientError(.network)) { try await TokenManager(credentials: closed).applicationIdentityToken() }
        let plain = AppIDCredentials(clientID: "c", tenantID: "t", oauthServerURL: "http://appid.example.com/oauth", secret: "s")
        await #expect(throws: TokenClientError(.insecureURL)) { try await TokenManager(credentials: plain).applicationIdentityToken() }
    }

    @Test("AppIDCredentials reads the Management API's shape, service keys and VCAP_SERVICES")
    func credentialsDecoding() throws {
        let management = try AppIDCredentials(
            json: Array(
                #"""
                {"clientId":"c90830bf","tenantId":"b42f7429","secret":"YWQy","name":"testing",
                 "oAuthServerUrl":"https://us-south.appid.cloud.ibm.com/oauth/v4/b42f7429/",
                 "profilesUrl":"https://us-south.appid.cloud.ibm.com",
                 "discoveryEndpoint":"https://us-south.appid.cloud.ibm.com/oauth/v4/b42f7429/.well-known/openid-configuration"}
                """#.utf8
            )
        )
        #expect(management.oauthServerURL == "https://us-south.appid.cloud.ibm.com/oauth/v4/b42f7429")
        #expect(management.secret == "YWQy")
        let rules = TokenVerifier.Configuration.appID(management)
        #expect(rules.issuer == management.oauthServerURL)
        #expect(rules.tenant == "b42f7429")
        #expect(rules.audience.audiences == ["c90830bf"])

        let serviceKey = try AppIDCredentials(
            json: Array(#"{"clientId":"c","tenantId":"t","appidServiceEndpoint":"https://eu-gb.appid.cloud.ibm.com/","version":4}"#.utf8)
        )
        #expect(serviceKey.oauthServerURL == "https://eu-gb.appid.cloud.ibm.com/oauth/v4/t")
        #expect(serviceKey.profilesURL == "https://eu-gb.appid.cloud.ibm.com")

        let vcap = #"{"user-provided":[],"AppID-abc":[{"credentials":{"clientId":"c","tenantId":"t","oauthServerUrl":"https://x/oauth/v4/t"}}]}"#
        #expect(try AppIDCredentials(vcapServices: vcap).clientID == "c")
        #expect(throws: TokenGateError(.invalidConfiguration)) { try AppIDCredentials(vcapServices: #"{"cloudant":[]}"#) }
        #expect(throws: TokenGateError(.invalidConfiguration)) { try AppIDCredentials(json: Array(#"{"clientId":"c"}"#.utf8)) }
        #expect(throws: TokenGateError(.invalidConfiguration)) { try AppIDCredentials(json: Array(#"{"clientId":1,"tenantId":"t"}"#.utf8)) }
        #expect(throws: TokenGateError(.invalidConfiguration)) { try AppIDCredentials(json: Array("nope".utf8)) }
    }
}
#endif
