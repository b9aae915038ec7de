import Testing
import TokenGate
import TokenGateTesting

/// `ProviderEndpoints` read from a discovery document: the issuer byte for byte, https (plain
/// http only on loopback), a token endpoint, members of the right type.
@Suite("Provider endpoints from discovery", .bug(id: 19))
struct ProviderEndpointsTests {
    static let issuer = "https://id.example.com/realms/a"

    static func document(_ overrides: [String: JSONValue] = [:], removing: [String] = []) -> [UInt8] {
        var members: [String: JSONValue] = [
            "issuer": .string(issuer),
            "authorization_endpoint": .string(issuer + "/auth"),
            "token_endpoint": .string(issuer + "/token"),
            "userinfo_endpoint": .string(issuer + "/userinfo"),
            "jwks_uri": .string(issuer + "/certs"),
            "revocation_endpoint": .string(issuer + "/revoke"),
            "introspection_endpoint": .string(issuer + "/introspect"),
            "end_session_endpoint": .string(issuer + "/logout"),
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "private_key_jwt"],
        ]
        for (name, value) in overrides { members[name] = value }
        for name in removing { members[name] = nil }
        return JSONValue.object(members).serializedBytes
    }

    static func refusal(_ document: [UInt8], issuer: String = issuer) -> TokenGateError? {
        do {
            _ = try ProviderEndpoints(discoveryDocument: document, issuer: issuer)
            return nil
        } catch {
            return error
        }
    }

    @Test("Every endpoint is read")
    func complete() throws {
        let endpoints = try ProviderEndpoints(discoveryDocument: Self.document(), issuer: Self.issuer)
        #expect(endpoints.issuer == Self.issuer)
        #expect(endpoints.authorization == Self.issuer + "/auth")
        #expect(endpoints.token == Self.issuer + "/token")
        #expect(endpoints.userInfo == Self.issuer + "/userinfo")
        #expect(endpoints.jwks == Self.issuer + "/certs")
        #expect(endpoints.revocation == Self.issuer + "/revoke")
        #expect(endpoints.introspection == Self.issuer + "/introspect")
        #expect(endpoints.endSession == Self.issuer + "/logout")
        #expect(endpoints.tokenEndpointAuthMethods == ["client_secret_basic", "private_key_jwt"])
    }

    @Test("Optional endpoints may be absent; an absent method list reads as empty")
    func minimal() throws {
        let document = Self.document(removing: [
            "authorization_endpoint", "userinfo_endpoint", "revocation_endpoint", "introspection_endpoint", "end_session_endpoint",
            "token_endpoint_auth_methods_supported",
        ])
        let endpoints = try ProviderEndpoints(discoveryDocument: document, issuer: Self.issuer)
        #expect(endpoints.revocation == nil)
        #expect(endpoints.endSession == nil)
        #expect(endpoints.tokenEndpointAuthMethods.isEmpty)
    }

    @Test(
        "A document for another issuer is refused, even one differing only in a trailing slash or case",
        arguments: ["https://evil.example.com/realms/a", issuer + "/", "https://ID.example.com/realms/a"]
    )
    func wrongIssuer(_ claimed: String) {
        #expect(Self.refusal(Self.document(["issuer": .string(claimed)]))?.code == .discoveryMismatch)
    }

    @Test("A document without a token endpoint is refused")
    func missingTokenEndpoint() {
        #expect(Self.refusal(Self.document(removing: ["token_endpoint"]))?.code == .discoveryMismatch)
    }

    @Test(
        "A mistyped member is refused, not skipped",
        arguments: [
            ("token_endpoint", JSONValue.number(JSONNumber(1))), ("end_session_endpoint", .bool(true)), ("issuer", .array(["x"])),
            ("token_endpoint_auth_methods_supported", .string("client_secret_basic")), ("revocation_endpoint", .object([:])),
        ]
    )
    func mistyped(_ member: String, _ value: JSONValue) {
        #expect(Self.refusal(Self.document([member: value]))?.code == .discoveryMismatch)
    }

    @Test("A document that is not a JSON object is refused", arguments: ["", "[]", "not json", "{\"issuer\":"])
    func notAnObject(_ text: String) {
        #expect(Self.refusal(Array(text.utf8))?.code == .discoveryMismatch)
    }

    @Test(
        "Plain http is refused outside loopback, for every endpoint; user information too",
        arguments: [
            "token_endpoint", "authorization_endpoint", "userinfo_endpoint", "jwks_uri", "revocation_endpoint", "introspection_endpoint",
            "end_session_endpoint",
        ]
    )
    func plainHTTP(_ member: String) {
        #expect(Self.refusal(Self.document([member: "http://id.example.com/x"]))?.code == .fetchInsecureURL)
        #expect(Self.refusal(Self.document([member: "https://user:pw@id.example.com/x"]))?.code == .fetchInsecureURL)
        #expect(Self.refusal(Self.document([member: "ftp://id.example.com/x"]))?.code == .fetchInsecureURL)
    }

    @Test("Plain http is allowed on loopback (the local issuer)")
    func loopback() throws {
        let issuer = "http://127.0.0.1:8080/oauth/v4/t"
        let document = Self.document(["issuer": .string(issuer), "token_endpoint": .string(issuer + "/token"), "jwks_uri": "http://localhost:8080/k"])
        #expect(try ProviderEndpoints(discoveryDocument: document, issuer: issuer).token == issuer + "/token")
    }

    @Test("discover fetches <issuer>/.well-known/openid-configuration, or the URL given")
    func discover() async throws {
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(String(decoding: Self.document(), as: UTF8.self), at: Self.issuer + "/.well-known/openid-configuration")
        let endpoints = try await ProviderEndpoints.discover(issuer: Self.issuer, fetcher: fetcher)
        #expect(endpoints.token == Self.issuer + "/token")
        fetcher.serve(String(decoding: Self.document(), as: UTF8.self), at: "https://elsewhere.example/config")
        let elsewhere = try await ProviderEndpoints.discover(issuer: Self.issuer, discoveryURL: "https://elsewhere.example/config", fetcher: fetcher)
        #expect(elsewhere == endpoints)
        await #expect(throws: TokenGateError(.fetchStatus)) {
            try await ProviderEndpoints.discover(issuer: "https://unknown.example", fetcher: fetcher)
        }
    }

    @Test("App ID's endpoints are its documented paths")
    func appID() throws {
        let credentials = AppIDCredentials(clientID: "c", tenantID: "t", oauthServerURL: "https://eu-gb.appid.cloud.ibm.com/oauth/v4/t", secret: "s")
        let endpoints = ProviderEndpoints.appID(credentials)
        #expect(endpoints.token == credentials.oauthServerURL + "/token")
        #expect(endpoints.authorization == credentials.oauthServerURL + "/authorization")
        #expect(endpoints.revocation == credentials.oauthServerURL + "/revoke")
        #expect(endpoints.endSession == nil)
    }
}
