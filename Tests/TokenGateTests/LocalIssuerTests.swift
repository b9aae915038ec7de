#if Hummingbird
import Foundation
import NIOHTTP1
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TokenGate
import TokenGateHTTPClient
import TokenGateHummingbird
@testable import TokenGateLocalIssuer
import TokenGateTesting

/// The local App ID-compatible issuer over real loopback HTTP: the seed's flow, every grant,
/// client authentication, management, hostile requests, restarts and key rotation.
@Suite("Local issuer")
struct LocalIssuerTests {
    @Test("The seed's flow: register, password grant with curl -F, then /api/protected with both tokens")
    func seedFlow() async throws {
        let harness = try await IssuerHarness.start()
        let registration = try await harness.manage(.POST, "/applications", ["name": "ApplicationName"])
        #expect(registration.status == 201)
        let json = registration.json
        for field in ["clientId", "tenantId", "secret", "name", "oAuthServerUrl", "profilesUrl", "discoveryEndpoint"] {
            #expect(json[field]?.stringValue?.isEmpty == false, "registration lacks \(field)")
        }
        #expect(json["oAuthServerUrl"]?.stringValue == harness.oauth)
        #expect(json["discoveryEndpoint"]?.stringValue == harness.oauth + "/.well-known/openid-configuration")
        let credentials = try AppIDCredentials(json: registration.body)

        let reply = try await harness.multipartToken(
            credentials,
            [("grant_type", "password"), ("username", "testuser@test.com"), ("password", "testuser")]
        )
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply["token_type"] == "Bearer")
        #expect(reply.json["expires_in"] == 3600)
        #expect(reply.headers.first(name: "Cache-Control") == "no-store")
        let access = try #require(reply["access_token"])
        let identity = try #require(reply["id_token"])
        #expect(reply["refresh_token"] != nil)

        let fetcher = HTTPJWKSFetcher.patient
        let strategy = APIStrategy(issuer: .appID(credentials, fetcher: fetcher), configuration: .appID)
        try await HummingbirdAdapterTests.application(strategy).test(.router) { client in
            let response = try await client.execute(
                uri: "/api/protected",
                method: .get,
                headers: [.authorization: "Bearer \(access) \(identity)"]
            )
            #expect(response.status == .ok)
            let user = try #require(try harness.issuer.users(tenantID: IssuerHarness.tenant).first)
            #expect(String(buffer: response.body) == "\(user.id) \(user.id)")
        }
        // The identity token carries the user's profile; both tokens look like App ID's.
        let verified = try await strategy.issuers.verify(identity)
        #expect(verified.claims["name"]?.stringValue == "Test User")
        #expect(verified.claims["email"]?.stringValue == "testuser@test.com")
        #expect(verified.header.members["ver"] == 4)
        #expect(verified.header.algorithm == .rs256)
        let accessToken = try await strategy.issuers.verify(access)
        #expect(accessToken.claims.tenant == IssuerHarness.tenant)
        #expect(accessToken.claims.audience == [credentials.clientID])
        #expect(accessToken.claims.scopes.contains("appid_default"))
        try await harness.stop()
    }

    @Test("Client credentials: an access token for the application only")
    func clientCredentials() async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register()
        let reply = try await harness.token(credentials, [("grant_type", "client_credentials")])
        #expect(reply.status == 200)
        #expect(reply["id_token"] == nil)
        #expect(reply["refresh_token"] == nil)
        let fetcher = HTTPJWKSFetcher.patient
        let token = try await IssuerVerifier.appID(credentials, fetcher: fetcher).verify(try #require(reply["access_token"]))
        #expect(token.claims.subject == credentials.clientID)
        try await harness.stop()
    }

    @Test("Client authentication: wrong secret, unknown client, none, both methods, malformed Basic")
    func clientAuthentication() async throws {
        let harness = try await IssuerHarness.start()
        var credentials = try await harness.register()
        let good = credentials

        credentials.secret = "wrong"
        let wrong = try await harness.token(credentials, [("grant_type", "client_credentials")])
        #expect(wrong.status == 401)
        #expect(wrong["error"] == "invalid_client")
        #expect(wrong.headers.first(name: "WWW-Authenticate") == #"Basic realm="appid""#)

        credentials.clientID = "unknown"
        #expect(try await harness.token(credentials, [("grant_type", "client_credentials")]).status == 401)

        let none = try await harness.request(
            .POST,
            harness.oauth + "/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("grant_type=client_credentials".utf8)
        )
        #expect(none.status == 401)
        #expect(none["error"] == "invalid_client")

        let post = try await harness.request(
            .POST,
            harness.oauth + "/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("grant_type=client_credentials&client_id=\(good.clientID)&client_secret=\(good.secret!)".utf8)
        )
        #expect(post.status == 200, "client_secret_post: \(post.text)")

        let both = try await harness.request(
            .POST,
            harness.oauth + "/token",
            headers: [IssuerHarness.basic(good), ("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("grant_type=client_credentials&client_secret=\(good.secret!)".utf8)
        )
        #expect(both.status == 400)
        #expect(both["error"] == "invalid_request")

        let malformed = try await harness.request(
            .POST,
            harness.oauth + "/token",
            headers: [("Authorization", "Basic !!!"), ("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("grant_type=client_credentials".utf8)
        )
        #expect(malformed.status == 400)
        #expect(malformed["error_description"]?.contains("Basic") == true)
        try await harness.stop()
    }

    @Test("Password grant: wrong password and unknown user are invalid_grant; repeated failures lock out")
    func passwordFailuresAndThrottling() async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register()
        func login(_ password: String, user: String = "testuser@test.com") async throws -> IssuerHarness.Reply {
            try await harness.token(credentials, [("grant_type", "password"), ("username", user), ("password", password)])
        }
        let unknown = try await login("x", user: "nobody@test.com")
        #expect(unknown.status == 400)
        #expect(unknown["error"] == "invalid_grant")
        for _ in 0..<4 {
            let wrong = try await login("wrong")
            #expect(wrong.status == 400)
            #expect(wrong["error"] == "invalid_grant")
            #expect(wrong["error_description"] == "invalid username or password")
        }
        let locked = try await login("wrong")
        #expect(locked.status == 400)
        // Now locked out: even the right password is refused, with Retry-After.
        let refused = try await login("testuser")
        #expect(refused.status == 429)
        #expect(refused.headers.first(name: "Retry-After") == "30")
        // Other users are not affected; the lockout ends.
        harness.clock.advance(by: .seconds(31))
        #expect(try await login("testuser").status == 200)
        try await harness.stop()
    }

    @Test("Refresh tokens rotate; a reused one revokes its family; revoked ones are refused")
    func refreshRotation() async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register()
        let first = try await harness.token(credentials, [("grant_type", "password"), ("username", "testuser@test.com"), ("password", "testuser")])
        let refresh1 = try #require(first["refresh_token"])

        let second = try await harness.token(credentials, [("grant_type", "refresh_token"), ("refresh_token", refresh1)])
        #expect(second.status == 200)
        let refresh2 = try #require(second["refresh_token"])
        #expect(refresh2 != refresh1)
        #expect(second["id_token"] != nil)

        // refresh1 was used: presenting it again revokes refresh2 too.
        let replay = try await harness.token(credentials, [("grant_type", "refresh_token"), ("refresh_token", refresh1)])
        #expect(replay.status == 400)
        #expect(replay["error"] == "invalid_grant")
        #expect(try await harness.token(credentials, [("grant_type", "refresh_token"), ("refresh_token", refresh2)]).status == 400)

        // Revocation (RFC 7009).
        let third = try await harness.token(credentials, [("grant_type", "password"), ("username", "testuser@test.com"), ("password", "testuser")])
        let refresh3 = try #require(third["refresh_token"])
        let revoked = try await harness.request(
            .POST,
            harness.oauth + "/revoke",
            headers: [IssuerHarness.basic(credentials), ("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("token=\(refresh3)".utf8)
        )
        #expect(revoked.status == 200)
        #expect(try await harness.token(credentials, [("grant_type", "refresh_token"), ("refresh_token", refresh3)]).status == 400)

        // Another client cannot use this client's refresh token.
        let other = try await harness.register("other")
        let fourth = try await harness.token(credentials, [("grant_type", "password"), ("username", "testuser@test.com"), ("password", "testuser")])
        let refresh4 = try #require(fourth["refresh_token"])
        #expect(try await harness.token(other, [("grant_type", "refresh_token"), ("refresh_token", refresh4)]).status == 400)
        #expect(try await harness.token(credentials, [("grant_type", "refresh_token"), ("refresh_token", refresh4)]).status == 200)
        try await harness.stop()
    }

    @Test("Scopes: the defaults always; application scopes on request; others are invalid_scope")
    func scopes() async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register(scopes: ["admin", "read"])
        let plain = try await harness.token(credentials, [("grant_type", "client_credentials")])
        #expect(plain["scope"] == "openid appid_default appid_readprofile appid_readuserattr appid_writeuserattr appid_authenticated")
        let admin = try await harness.token(credentials, [("grant_type", "client_credentials"), ("scope", "admin")])
        #expect(admin["scope"]?.hasSuffix(" admin") == true)
        let unknown = try await harness.token(credentials, [("grant_type", "client_credentials"), ("scope", "root")])
        #expect(unknown.status == 400)
        #expect(unknown["error"] == "invalid_scope")
        let listed = try await harness.manage(.GET, "/applications/\(credentials.clientID)/scopes")
        #expect(listed.json["scopes"] == ["admin", "read"])
        try await harness.stop()
    }

    @Test(
        "Malformed requests get a clear 400 (or 413), never a 5xx",
        arguments: [
            ("no content type", [(String, String)](), "grant_type=password", "Content-Type"),
            ("unsupported content type", [("Content-Type", "text/plain")], "grant_type=password", "unsupported Content-Type"),
            ("bad JSON", [("Content-Type", "application/json")], "{\"grant_type\":", "not valid JSON"),
            ("JSON array", [("Content-Type", "application/json")], "[1]", "must be an object"),
            ("duplicate JSON member", [("Content-Type", "application/json")], #"{"grant_type":"password","grant_type":"x"}"#, "not valid JSON"),
            ("repeated parameter", [("Content-Type", "application/x-www-form-urlencoded")], "grant_type=password&grant_type=password", "repeated"),
            ("bad percent-encoding", [("Content-Type", "application/x-www-form-urlencoded")], "grant_type=%zz", "percent-encoding"),
            ("multipart without boundary", [("Content-Type", "multipart/form-data")], "x", "boundary"),
            ("multipart garbage", [("Content-Type", "multipart/form-data; boundary=abc")], "--abc\r\nnothing", "multipart"),
            ("no grant_type", [("Content-Type", "application/x-www-form-urlencoded")], "scope=openid", "grant_type is required"),
            ("unknown grant_type", [("Content-Type", "application/x-www-form-urlencoded")], "grant_type=magic", "grant_type must be"),
            (
                "password grant without password", [("Content-Type", "application/x-www-form-urlencoded")], "grant_type=password&username=a",
                "required"
            ),
        ]
    )
    func malformedTokenRequests(_ name: String, _ headers: [(String, String)], _ body: String, _ message: String) async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register()
        let reply = try await harness.request(
            .POST,
            harness.oauth + "/token",
            headers: [IssuerHarness.basic(credentials)] + headers,
            body: Array(body.utf8)
        )
        #expect(reply.status == 400, "\(name): \(reply.status) \(reply.text)")
        #expect(reply["error"] == (name == "unknown grant_type" ? "unsupported_grant_type" : "invalid_request"))
        #expect(reply["error_description"]?.contains(message) == true, "\(name): \(reply.text)")
        try await harness.stop()
    }

    @Test("An oversized body is 413, and the server stays up")
    func oversizedBody() async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register()
        let reply = try await harness.request(
            .POST,
            harness.oauth + "/token",
            headers: [IssuerHarness.basic(credentials), ("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(repeating: UInt8(ascii: "a"), count: 65 * 1024)
        )
        #expect(reply.status == 413)
        #expect(try await harness.token(credentials, [("grant_type", "client_credentials")]).status == 200)
        try await harness.stop()
    }

    @Test("Management: admin token required; names 1–50 characters; list, read, rename, delete")
    func management() async throws {
        let harness = try await IssuerHarness.start()
        let anonymous = try await harness.manage(.POST, "/applications", ["name": "x"], token: nil)
        #expect(anonymous.status == 401)
        #expect(anonymous.headers.first(name: "WWW-Authenticate")?.hasPrefix("Bearer realm=\"management\"") == true)
        #expect(try await harness.manage(.POST, "/applications", ["name": "x"], token: "not-the-admin-token").status == 401)

        let long = try await harness.manage(.POST, "/applications", ["name": .string(String(repeating: "n", count: 51))])
        #expect(long.status == 400)
        #expect(long["error_description"] == "The name of your application must have 1 to 50 characters.")
        #expect(try await harness.manage(.POST, "/applications", ["name": ""]).status == 400)
        #expect(try await harness.manage(.POST, "/applications", [:]).status == 400)
        #expect(try await harness.manage(.POST, "/applications", ["name": 5]).status == 400)
        #expect(try await harness.manage(.POST, "/applications", ["name": "a\nb"]).status == 400)
        #expect(try await harness.manage(.POST, "/applications", ["name": "ok", "type": "mobile"]).status == 400)
        let fifty = try await harness.manage(.POST, "/applications", ["name": .string(String(repeating: "é", count: 50)), "type": "regularwebapp"])
        #expect(fifty.status == 201)
        let app = try AppIDCredentials(json: fifty.body)
        #expect(app.type == "regularwebapp")

        let list = try await harness.manage(.GET, "/applications")
        #expect(list.json["applications"]?.arrayValue?.count == 1)
        #expect(list.json["applications"]?.arrayValue?.first?["secret"] == nil)
        let renamed = try await harness.manage(.PUT, "/applications/\(app.clientID)", ["name": "renamed"])
        #expect(renamed["name"] == "renamed")
        #expect(try await harness.manage(.DELETE, "/applications/\(app.clientID)").status == 204)
        #expect(try await harness.manage(.GET, "/applications/\(app.clientID)").status == 404)
        #expect(try await harness.manage(.GET, "/applications").json["applications"] == [])
        // Another tenant's management URL does not see this tenant's applications; unknown tenants are 404.
        #expect(
            try await harness.request(
                .GET,
                harness.baseURL + "/management/v4/nope/applications",
                headers: [("Authorization", "Bearer \(IssuerHarness.adminToken)")]
            ).status == 404
        )
        try await harness.stop()
    }

    @Test("Users: created through the API (SCIM or plain), listed without passwords, removed")
    func users() async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register()
        let created = try await harness.manage(
            .POST,
            "/cloud_directory/Users",
            ["emails": [["value": "ada@example.com", "primary": true]], "password": "pw-1", "displayName": "Ada"]
        )
        #expect(created.status == 201)
        #expect(created["name"] == "Ada")
        #expect(created.json["password"] == nil && created.json["passwordHash"] == nil)
        let duplicate = try await harness.manage(.POST, "/cloud_directory/Users", ["email": "ADA@example.com", "password": "x"])
        #expect(duplicate.status == 409)
        let login = try await harness.token(credentials, [("grant_type", "password"), ("username", "ada@example.com"), ("password", "pw-1")])
        #expect(login.status == 200)
        let list = try await harness.manage(.GET, "/cloud_directory/Users")
        #expect(list.json["totalResults"] == 2)
        #expect(!list.text.contains("pbkdf2"))
        let id = try #require(created["id"])
        #expect(try await harness.manage(.DELETE, "/cloud_directory/Users/\(id)").status == 204)
        let refresh = try #require(login["refresh_token"])
        #expect(try await harness.token(credentials, [("grant_type", "refresh_token"), ("refresh_token", refresh)]).status == 400)
        try await harness.stop()
    }

    @Test("Discovery, UserInfo and introspection")
    func discoveryUserInfoIntrospection() async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register()
        let discovery = try await harness.request(.GET, harness.oauth + "/.well-known/openid-configuration")
        #expect(discovery["issuer"] == harness.oauth)
        #expect(discovery["jwks_uri"] == harness.oauth + "/publickeys")

        // A key set found by discovery verifies the issuer's tokens.
        let fetcher = HTTPJWKSFetcher.patient
        let keys = KeySetCache(configuration: .init(source: .discovery(issuer: harness.oauth)), fetcher: fetcher)
        let issuer = IssuerVerifier(verifier: TokenVerifier(configuration: .appID(credentials)), keys: keys)
        let tokens = try await harness.token(credentials, [("grant_type", "password"), ("username", "testuser@test.com"), ("password", "testuser")])
        let access = try #require(tokens["access_token"])
        _ = try await issuer.verify(access)

        let info = try await harness.request(.GET, harness.oauth + "/userinfo", headers: [("Authorization", "Bearer \(access)")])
        #expect(info.status == 200)
        #expect(info["email"] == "testuser@test.com")
        #expect(info["sub"] == (try await issuer.verify(access)).claims.subject)
        let forged = try await harness.request(.GET, harness.oauth + "/userinfo", headers: [("Authorization", "Bearer \(access)x")])
        #expect(forged.status == 401)
        #expect(forged.headers.first(name: "WWW-Authenticate")?.contains("invalid_token") == true)
        #expect(try await harness.request(.GET, harness.oauth + "/userinfo").status == 401)

        func introspect(_ token: String) async throws -> IssuerHarness.Reply {
            try await harness.request(
                .POST,
                harness.oauth + "/introspect",
                headers: [IssuerHarness.basic(credentials), ("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("token=\(token)".utf8)
            )
        }
        #expect(try await introspect(access).json["active"] == true)
        #expect(try await introspect("garbage").json["active"] == false)
        #expect(try await introspect(try #require(tokens["refresh_token"])).json["active"] == true)
        try await harness.stop()
    }

    @Test("Custom identity (JWT bearer): a signed assertion becomes access and identity tokens")
    func customIdentity() async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register()
        let idp = try TestSigningKey.generate(.rs256, keyID: "idp")
        let configured = try await harness.manage(
            .PUT,
            "/config/idps/custom",
            ["isActive": true, "config": ["publicKey": .string(try #require(idp.publicKeyPEM))]]
        )
        #expect(configured.status == 200)
        let now = Int64(harness.clock.currentDate().secondsSinceEpoch)
        let assertion = try idp.token(claims: [
            "iss": "my-idp", "sub": "u-42", "aud": .string(harness.oauth), "exp": .number(JSONNumber(now + 300)), "name": "Grace",
        ])
        let reply = try await harness.token(credentials, [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)])
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply["id_token"] != nil)
        // Each assertion is taken once (RFC 7523 §3), and only a short-lived one.
        let replayed = try await harness.token(
            credentials,
            [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)]
        )
        #expect(replayed.status == 400)
        #expect(replayed["error_description"] == "assertion already used")
        let longLived = try idp.token(claims: ["iss": "my-idp", "sub": "u-42", "aud": .string(harness.oauth), "exp": .number(JSONNumber(now + 7200))])
        let refusedLong = try await harness.token(
            credentials,
            [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", longLived)]
        )
        #expect(refusedLong.status == 400)
        #expect(refusedLong["error_description"] == "assertion not valid: exp more than an hour ahead")
        let forgedKey = try TestSigningKey.generate(.rs256, keyID: "idp")
        let forged = try forgedKey.token(claims: [
            "iss": "my-idp", "sub": "u-42", "aud": .string(harness.oauth), "exp": .number(JSONNumber(now + 300)),
        ])
        let refused = try await harness.token(credentials, [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", forged)])
        #expect(refused.status == 400)
        #expect(refused["error"] == "invalid_grant")
        let otherAudience = try idp.token(claims: ["iss": "my-idp", "sub": "u-42", "aud": "elsewhere", "exp": .number(JSONNumber(now + 300))])
        #expect(
            try await harness.token(credentials, [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", otherAudience)]).status
                == 400
        )
        // A grant refused for its scope does not use the assertion up.
        let retried = try idp.token(claims: ["iss": "my-idp", "sub": "u-42", "aud": .string(harness.oauth), "exp": .number(JSONNumber(now + 301))])
        let badScope = try await harness.token(
            credentials,
            [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", retried), ("scope", "not-granted")]
        )
        #expect(badScope["error"] == "invalid_scope")
        #expect(
            try await harness.token(credentials, [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", retried)]).status
                == 200
        )
        // Past exp but within the verifier's leeway, a used assertion is still refused.
        harness.clock.advance(by: .seconds(310))
        let late = try await harness.token(credentials, [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)])
        #expect(late["error_description"] == "assertion already used")
        try await harness.stop()
    }

    @Test("Key rotation: the next key is published first; old tokens stay valid; new tokens verify")
    func rotation() async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register()
        let fetcher = HTTPJWKSFetcher.patient
        let issuer = IssuerVerifier.appID(credentials, fetcher: fetcher)
        let before = try #require(try await harness.token(credentials, [("grant_type", "client_credentials")])["access_token"])
        _ = try await issuer.verify(before)  // caches the key set, which already holds the next key
        let published = try #require(issuer.keys.snapshot).keys.keys.compactMap(\.keyID)
        #expect(published.count == 2)

        let rotated = try await harness.manage(.POST, "/config/keys/rotate")
        let newKid = try #require(rotated["kid"])
        #expect(published.contains(newKid), "the key that signs after rotation was published before it")
        let after = try #require(try await harness.token(credentials, [("grant_type", "client_credentials")])["access_token"])
        let fetchesBefore = issuer.keys.snapshot?.fetchedAt
        #expect(try await issuer.verify(after).keyID == newKid)
        #expect(issuer.keys.snapshot?.fetchedAt == fetchesBefore, "no refetch was needed")
        #expect(try await issuer.verify(before).keyID != newKid)
        let jwks = try await harness.request(.GET, harness.oauth + "/publickeys")
        #expect(jwks.json["keys"]?.arrayValue?.count == 3)
        try await harness.stop()
    }

    @Test("State survives a restart (kill -9 equivalent: nothing is flushed at stop)")
    func restart() async throws {
        let directory = IssuerHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await IssuerHarness.start(IssuerHarness.configuration(stateDirectory: directory))
        let credentials = try await first.register()
        _ = try await first.manage(.POST, "/cloud_directory/Users", ["email": "late@example.com", "password": "pw"])
        let tokens = try await first.token(credentials, [("grant_type", "password"), ("username", "late@example.com"), ("password", "pw")])
        let access = try #require(tokens["access_token"])
        let refresh = try #require(tokens["refresh_token"])
        let port = Int(first.baseURL.split(separator: ":").last!)!
        try await first.stop()

        let second = try await IssuerHarness.start(IssuerHarness.configuration(stateDirectory: directory, port: port))
        #expect(second.baseURL == first.baseURL)
        let fetcher = HTTPJWKSFetcher.patient
        _ = try await IssuerVerifier.appID(credentials, fetcher: fetcher).verify(access)
        #expect(try await second.token(credentials, [("grant_type", "refresh_token"), ("refresh_token", refresh)]).status == 200)
        #expect(try await second.token(credentials, [("grant_type", "client_credentials")]).status == 200)
        #expect(try await second.manage(.GET, "/cloud_directory/Users").json["totalResults"] == 2)
        try await second.stop()

        // Secrets and passwords are not in the files in clear.
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory)
        for file in files where file.hasSuffix(".json") {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            #expect(!text.contains(credentials.secret!))
            #expect(!text.contains("\"pw\""))
            #expect(!text.contains(refresh))
        }
    }

    @Test("A corrupt state file stops the start, names the file, and is left as it was")
    func corruptState() async throws {
        let directory = IssuerHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try LocalIssuer(configuration: IssuerHarness.configuration(stateDirectory: directory))
        let path = directory + "/tenants/\(IssuerHarness.tenant)/users.json"
        let garbage = Data("{\"version\":1,\"items\":[{\"id\":1}]}".utf8)
        try garbage.write(to: URL(fileURLWithPath: path))
        do {
            _ = try LocalIssuer(configuration: IssuerHarness.configuration(stateDirectory: directory))
            Issue.record("started over a corrupt state file")
        } catch {
            #expect(error.code == .corruptState)
            #expect(error.message.contains(path))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: LocalIssuerError.self) { try LocalIssuer(configuration: IssuerHarness.configuration(stateDirectory: directory)) }
    }

    @Test("Configuration errors are refused with a message")
    func configurationErrors() {
        var configuration = IssuerHarness.configuration()
        configuration.tenantIDs = ["../etc"]
        #expect(throws: LocalIssuerError.self) { try LocalIssuer(configuration: configuration) }
        configuration = IssuerHarness.configuration()
        configuration.adminToken = "short"
        #expect(throws: LocalIssuerError.self) { try LocalIssuer(configuration: configuration) }
    }
}
#endif
