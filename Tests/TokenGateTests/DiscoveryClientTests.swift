#if Hummingbird
import Crypto
import Foundation
import NIOHTTP1
import Testing
@testable import TokenGate
import TokenGateHTTPClient
import TokenGateLocalIssuer
import TokenGateTesting

/// `TokenManager` and `UserProfileManager` configured only through a discovery document, over
/// real loopback HTTP against the local issuer; and what they do when the provider lacks an
/// endpoint.
@Suite("Token client from discovery", .bug(id: 19))
struct DiscoveryClientTests {
    @Test("The local issuer's discovery document names every endpoint the clients use")
    func document() async throws {
        let harness = try await IssuerHarness.start()
        let endpoints = try await ProviderEndpoints.discover(issuer: harness.oauth, fetcher: HTTPJWKSFetcher.patient)
        #expect(endpoints.token == harness.oauth + "/token")
        #expect(endpoints.authorization == harness.oauth + "/authorization")
        #expect(endpoints.userInfo == harness.oauth + "/userinfo")
        #expect(endpoints.jwks == harness.oauth + "/publickeys")
        #expect(endpoints.revocation == harness.oauth + "/revoke")
        #expect(endpoints.introspection == harness.oauth + "/introspect")
        #expect(endpoints.endSession == harness.oauth + "/logout")
        #expect(Set(endpoints.tokenEndpointAuthMethods) == ["client_secret_basic", "client_secret_post"])
        try await harness.stop()
    }

    @Test(
        "Every grant, introspection, revocation and UserInfo through the discovered endpoints, with either secret method",
        arguments: ["client_secret_basic", "client_secret_post"]
    )
    func grants(_ method: String) async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register("discovery-client")
        let secret = try #require(credentials.secret)
        let manager = try await TokenManager.discover(
            issuer: harness.oauth,
            clientID: credentials.clientID,
            authentication: method == "client_secret_post" ? .clientSecretPost(secret) : .clientSecretBasic(secret),
            configuration: .patient,
            wallClock: harness.clock
        )
        #expect(manager.credentials == nil)
        #expect(manager.endpoints.token == harness.oauth + "/token")

        let application = try await manager.applicationIdentityToken()
        #expect(application.accessToken.isOpaque, "opaque by default: the client does not read access tokens")
        #expect(application.expiresIn == .seconds(3600))

        let tokens = try await manager.passwordTokens(username: "testuser@test.com", password: "testuser")
        let identity = try #require(tokens.identityToken)
        #expect(identity.claims["email"]?.stringValue == "testuser@test.com")
        #expect(identity.claims.audience == [credentials.clientID])
        #expect(tokens.accessToken.isOpaque)
        #expect(tokens.accessToken.claims.subject == identity.claims.subject)
        #expect(tokens.accessToken.claims.issuer == harness.oauth)
        #expect(tokens.accessToken.claims.expiresAt != nil)

        let refreshToken = try #require(tokens.refreshToken)
        let refreshed = try await manager.refreshTokens(refreshToken)
        #expect(refreshed.identityToken?.claims.subject == identity.claims.subject)

        let introspection = try await manager.introspect(refreshed.accessToken.raw, hint: "access_token")
        #expect(introspection["active"] == .bool(true))

        let profiles = UserProfileManager(endpoints: manager.endpoints, deadline: .patient)
        let info = try await profiles.userInfo(accessToken: refreshed.accessToken.raw, identityToken: refreshed.identityToken)
        #expect(info["sub"]?.stringValue == identity.claims.subject)

        try await manager.revoke(refreshToken: try #require(refreshed.refreshToken))
        await #expect(throws: TokenClientError(.invalidGrant)) { try await manager.refreshTokens(refreshed.refreshToken!) }
        try await harness.stop()
    }

    @Test("Access tokens addressed to the client are verified when configured so")
    func addressedToClient() async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register("discovery-client")
        let manager = try await TokenManager.discover(
            issuer: harness.oauth,
            clientID: credentials.clientID,
            authentication: .clientSecretBasic(credentials.secret ?? ""),
            configuration: .patient,
            accessTokenFormat: .addressedToClient,
            wallClock: harness.clock
        )
        let tokens = try await manager.applicationIdentityToken()
        #expect(!tokens.accessToken.isOpaque)
        #expect(tokens.accessToken.claims.audience.contains(credentials.clientID))
        try await harness.stop()
    }

    @Test("A wrong secret is invalidClient; a method the provider does not list is refused before any request")
    func refusals() async throws {
        let harness = try await IssuerHarness.start()
        let credentials = try await harness.register("discovery-client")
        let wrong = try await TokenManager.discover(
            issuer: harness.oauth,
            clientID: credentials.clientID,
            authentication: .clientSecretPost("wrong"),
            configuration: .patient
        )
        await #expect(throws: TokenClientError(.invalidClient)) { try await wrong.applicationIdentityToken() }
        let key = P256.Signing.PrivateKey()
        await #expect(throws: TokenClientError(.unsupportedByProvider)) {
            try await TokenManager.discover(
                issuer: harness.oauth,
                clientID: credentials.clientID,
                authentication: .privateKeyJWT(es256: key, keyID: "k"),
                configuration: .patient
            )
        }
        let error = await #expect(throws: TokenClientError.self) {
            try await TokenManager.discover(
                issuer: harness.oauth + "-other",
                clientID: credentials.clientID,
                authentication: .none,
                configuration: .patient
            )
        }
        // The issuer has no such tenant: its discovery URL answers 404.
        #expect(error?.code == .invalidResponse && error?.tokenError?.code == .fetchStatus, "\(String(describing: error))")
        try await harness.stop()
    }

    @Test("Discovery failures are typed: another issuer, an http endpoint outside loopback, a missing token endpoint")
    func discoveryFailures() async throws {
        let server = try await KeyServer.start()
        let issuer = server.baseURL
        func serve(_ members: [String: JSONValue]) {
            server.respond { _ in .json(JSONValue.object(members).serialized) }
        }
        serve(["issuer": "https://other.example", "token_endpoint": .string(issuer + "/token")])
        var error = await #expect(throws: TokenClientError.self) {
            try await TokenManager.discover(issuer: issuer, clientID: "c", authentication: .none, configuration: .patient)
        }
        #expect(error?.code == .invalidResponse)
        #expect(error?.tokenError?.code == .discoveryMismatch)
        serve(["issuer": .string(issuer), "token_endpoint": "http://id.example.com/token"])
        error = await #expect(throws: TokenClientError.self) {
            try await TokenManager.discover(issuer: issuer, clientID: "c", authentication: .none, configuration: .patient)
        }
        #expect(error?.code == .insecureURL)
        serve(["issuer": .string(issuer)])
        error = await #expect(throws: TokenClientError.self) {
            try await TokenManager.discover(issuer: issuer, clientID: "c", authentication: .none, configuration: .patient)
        }
        #expect(error?.code == .invalidResponse)
        try await server.close()
    }

    @Test("Without revocation, introspection or UserInfo endpoints: a typed error and no request")
    func absentEndpoints() async throws {
        let server = try await KeyServer.start()
        let issuer = server.baseURL
        server.respond { path in
            path == "/.well-known/openid-configuration"
                ? .json(#"{"issuer":"\#(issuer)","token_endpoint":"\#(issuer)/token"}"#)
                : KeyServer.Reply(status: .ok)
        }
        let manager = try await TokenManager.discover(
            issuer: issuer,
            clientID: "c",
            authentication: .clientSecretPost("s"),
            configuration: .patient
        )
        #expect(manager.endpoints.revocation == nil)
        await #expect(throws: TokenClientError(.unsupportedByProvider)) { try await manager.revoke(refreshToken: "r") }
        await #expect(throws: TokenClientError(.unsupportedByProvider)) { try await manager.introspect("t") }
        await #expect(throws: TokenClientError(.unsupportedByProvider)) {
            try await UserProfileManager(endpoints: manager.endpoints).userInfo(accessToken: "t")
        }
        // Attributes are App ID's: without its profiles URL, no provider serves them.
        await #expect(throws: TokenClientError(.unsupportedByProvider)) {
            try await UserProfileManager(endpoints: manager.endpoints).attributes(accessToken: "t")
        }
        #expect(server.requests.map(\.path) == ["/.well-known/openid-configuration"])
        try await server.close()
    }
}
#endif
