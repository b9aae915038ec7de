import Crypto
import Foundation
import NIOHTTP1
import Testing
import TokenGate
import TokenGateTesting
import _CryptoExtras

@testable import TokenGateHTTPClient

/// Each client authentication method as a loopback token endpoint receives it: the header, the
/// form fields, and for `private_key_jwt` an assertion that TokenGate's own verifier accepts
/// with the client's public key.
@Suite("Client authentication", .bug(id: 19))
struct ClientAuthenticationTests {
    static let tokenResponse = #"{"access_token":"opaque-access","token_type":"Bearer","expires_in":300}"#

    /// A token endpoint on loopback answering with an opaque token, and a manager for it.
    static func endpoint(_ authentication: ClientAuthentication, clientID: String = "client-1") async throws -> (KeyServer, TokenManager) {
        let server = try await KeyServer.start { _ in .json(tokenResponse) }
        let endpoints = ProviderEndpoints(issuer: server.baseURL, token: server.baseURL + "/token")
        return (server, TokenManager(clientID: clientID, authentication: authentication, endpoints: endpoints, configuration: .patient))
    }

    static func decodeForm(_ text: Substring) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }

    @Test("client_secret_basic form-encodes the ID and the secret before base64 (RFC 6749 §2.3.1); nothing in the body")
    func basic() async throws {
        let (server, manager) = try await Self.endpoint(.clientSecretBasic("p+ss/w=rd é:x"), clientID: "my client:1")
        let tokens = try await manager.applicationIdentityToken()
        #expect(tokens.accessToken.raw == "opaque-access")
        let request = try #require(server.requests.last)
        #expect(request.method == .POST)
        let header = try #require(request.headers.first(name: "Authorization"))
        #expect(header.hasPrefix("Basic "))
        let decoded = String(decoding: try #require(Data(base64Encoded: String(header.dropFirst(6)))), as: UTF8.self)
        #expect(decoded == "my+client%3A1:p%2Bss%2Fw%3Drd+%C3%A9%3Ax")
        let colon = try #require(decoded.firstIndex(of: ":"))
        #expect(Self.decodeForm(decoded[..<colon]) == "my client:1")
        #expect(Self.decodeForm(decoded[decoded.index(after: colon)...]) == "p+ss/w=rd é:x")
        #expect(request.form == ["grant_type": "client_credentials"])
        try await server.close()
    }

    @Test("The App ID preset sends Basic base64(clientId:secret) as App ID's SDKs do, the ID and secret as they are")
    func appIDBasic() async throws {
        let server = try await KeyServer.start { _ in .json(Self.tokenResponse) }
        let credentials = AppIDCredentials(clientID: "client-1", tenantID: "tenant-1", oauthServerURL: server.baseURL, secret: "p+ss/w=rd")
        // The answer's opaque access token is then refused by App ID's verifier: only the request matters here.
        _ = try? await TokenManager(credentials: credentials, configuration: .patient).applicationIdentityToken()
        let request = try #require(server.requests.last)
        let header = try #require(request.headers.first(name: "Authorization"))
        #expect(header == "Basic " + Data("client-1:p+ss/w=rd".utf8).base64EncodedString())
        #expect(header == credentials.basicAuthorization)
        try await server.close()
    }

    @Test("Credentials and client authentications print, reflect and dump without their secret or key")
    func neverPrintsItsSecret() throws {
        let secret = "s3cr3t-value"
        let key = P256.Signing.PrivateKey()
        let credentials = AppIDCredentials(clientID: "c", tenantID: "t", oauthServerURL: "https://x.example", secret: secret)
        let methods: [ClientAuthentication] = [
            .clientSecretBasic(secret), .clientSecretPost(secret), .appIDBasic(credentials), .privateKeyJWT(es256: key, keyID: "k"), .none,
        ]
        for credentials in [credentials, AppIDCredentials(clientID: "c", tenantID: "t", oauthServerURL: "https://x.example", secret: nil)] {
            var dumped = ""
            dump(credentials, to: &dumped)
            for text in ["\(credentials)", String(reflecting: credentials), dumped] {
                #expect(!text.contains(secret) && text.contains("clientID") && text.contains("https://x.example"), "\(text)")
            }
        }
        for method in methods {
            var dumped = ""
            dump(method, to: &dumped)
            for text in ["\(method)", String(reflecting: method), dumped] {
                #expect(!text.contains(secret) && !text.contains(Base64.encode(Array("c:\(secret)".utf8))), "\(text)")
                #expect(!text.contains(key.rawRepresentation.base64EncodedString()) && !text.contains("rawRepresentation"), "\(text)")
                #expect(text.contains(method.methodName), "\(text)")
            }
        }
    }

    @Test("client_secret_post sends client_id and client_secret in the form body, no Authorization header")
    func post() async throws {
        let (server, manager) = try await Self.endpoint(.clientSecretPost("s3cr&t=1 +"))
        _ = try await manager.applicationIdentityToken()
        let request = try #require(server.requests.last)
        #expect(request.headers.first(name: "Authorization") == nil)
        #expect(request.headers.first(name: "Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.form == ["grant_type": "client_credentials", "client_id": "client-1", "client_secret": "s3cr&t=1 +"])
        try await server.close()
    }

    @Test("none (a public client) sends only client_id")
    func publicClient() async throws {
        let (server, manager) = try await Self.endpoint(.none)
        _ = try await manager.passwordTokens(username: "a@b.c", password: "pw")
        let request = try #require(server.requests.last)
        #expect(request.headers.first(name: "Authorization") == nil)
        #expect(request.form["client_id"] == "client-1")
        #expect(request.form["client_secret"] == nil)
        #expect(request.form["client_assertion"] == nil)
        try await server.close()
    }

    @Test(
        "private_key_jwt: a fresh assertion per request (iss = sub = client, aud = token endpoint, random jti, short exp, kid) that verifies with the client's public key",
        arguments: ["ES256", "RS256"]
    )
    func privateKeyJWT(_ algorithm: String) async throws {
        let authentication: ClientAuthentication
        let jwks: String
        if algorithm == "ES256" {
            let key = P256.Signing.PrivateKey()
            authentication = .privateKeyJWT(es256: key, keyID: "client-key")
            jwks = TestSigningKey.jwksJSON([TestSigningKey(es256: key, keyID: "client-key")])
        } else {
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            authentication = .privateKeyJWT(rs256: key, keyID: "client-key")
            jwks = TestSigningKey.jwksJSON([TestSigningKey(rs256: key, keyID: "client-key")])
        }
        let (server, manager) = try await Self.endpoint(authentication)
        _ = try await manager.applicationIdentityToken()
        manager.invalidateApplicationIdentityToken()
        _ = try await manager.applicationIdentityToken()
        let requests = server.requests
        #expect(requests.count == 2)
        let tokenEndpoint = server.baseURL + "/token"
        var identifiers: Set<String> = []
        for request in requests {
            #expect(request.headers.first(name: "Authorization") == nil)
            let form = request.form
            #expect(form["client_id"] == "client-1")
            #expect(form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            #expect(form["client_secret"] == nil)
            let assertion = try #require(form["client_assertion"])
            var rules = TokenVerifier.Configuration(issuer: "client-1", audience: .oneOf([tokenEndpoint]))
            rules.algorithms = algorithm == "ES256" ? [.es256] : [.rs256]
            let verified = try TokenVerifier(configuration: rules)
                .verify(assertion, keys: try KeySet(jwksJSON: jwks), now: NumericDate(secondsSinceEpoch: Date().timeIntervalSince1970))
            #expect(verified.header.keyID == "client-key")
            #expect(verified.header.algorithm.name == algorithm)
            #expect(verified.claims.subject == "client-1")
            let issuedAt = try #require(verified.claims.issuedAt?.secondsSinceEpoch)
            let expiry = try #require(verified.claims.expiresAt?.secondsSinceEpoch)
            #expect(expiry - issuedAt == 60)
            let identifier = try #require(verified.claims["jti"]?.stringValue)
            #expect(identifier.count == 43)
            identifiers.insert(identifier)
        }
        #expect(identifiers.count == 2, "a new jti for each request")
        try await server.close()
    }

    @Test("private_key_jwt with an audience of the provider's choosing (its issuer, for Auth0)")
    func privateKeyJWTAudience() async throws {
        let key = P256.Signing.PrivateKey()
        let (server, manager) = try await Self.endpoint(.privateKeyJWT(es256: key, keyID: "client-key", audience: "https://id.example.com/"))
        _ = try await manager.applicationIdentityToken()
        let assertion = try #require(server.requests.last?.form["client_assertion"])
        var rules = TokenVerifier.Configuration(issuer: "client-1", audience: .oneOf(["https://id.example.com/"]))
        rules.algorithms = [.es256]
        let verified = try TokenVerifier(configuration: rules)
            .verify(
                assertion,
                keys: try TestSigningKey.keySet([TestSigningKey(es256: key, keyID: "client-key")]),
                now: NumericDate(secondsSinceEpoch: Date().timeIntervalSince1970)
            )
        #expect(verified.claims.audience == ["https://id.example.com/"])
        try await server.close()
    }

    @Test("The method names are the registered ones")
    func methodNames() throws {
        #expect(ClientAuthentication.clientSecretBasic("s").methodName == "client_secret_basic")
        #expect(ClientAuthentication.clientSecretPost("s").methodName == "client_secret_post")
        #expect(ClientAuthentication.privateKeyJWT(es256: P256.Signing.PrivateKey(), keyID: "k").methodName == "private_key_jwt")
        #expect(ClientAuthentication.none.methodName == "none")
    }
}
