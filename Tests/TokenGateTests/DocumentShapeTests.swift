import Crypto
import Foundation
import Testing
import TokenGateTesting

@testable import TokenGate

/// The documents that guard no token (configuration, discovery, session values, the durable
/// key-set file) are read with `Codable`: each wrong shape is refused with a detail that names
/// what was wrong, never taken for something else.
@Suite("Configuration, discovery and session documents: every wrong shape is refused clearly")
struct DocumentShapeTests {
    @Test(
        "A wrong-shaped VCAP_SERVICES or credentials document is refused, naming the field",
        arguments: [
            ("vcap", "{not json", "not valid JSON"),
            ("vcap", "[]", "not a JSON object"),
            ("vcap", #"{"AppID":{}}"#, "AppID"),
            ("vcap", #"{"AppID":[]}"#, "AppID has no credentials"),
            ("vcap", #"{"AppID":[{"name":"x"}]}"#, "credentials"),
            ("vcap", #"{"AppID":[{"credentials":"x"}]}"#, "credentials"),
            ("vcap", #"{"AppID":[{"credentials":{"clientId":1,"tenantId":"t","oAuthServerUrl":"https://x"}}]}"#, "clientId"),
            ("json", #"{"tenantId":"t","oAuthServerUrl":"https://x"}"#, "clientId"),
            ("json", #"{"clientId":"","tenantId":"t","oAuthServerUrl":"https://x"}"#, "clientId"),
            ("json", #"{"clientId":"c","tenantId":["t"],"oAuthServerUrl":"https://x"}"#, "tenantId"),
            ("json", #"{"clientId":"c","tenantId":"t","oAuthServerUrl":["https://x"]}"#, "oAuthServerUrl"),
            ("json", #"{"clientId":"c","tenantId":"t"}"#, "oAuthServerUrl"),
            ("json", #"{"clientId":"c","tenantId":"t","appidServiceEndpoint":"https://x"}"#, "version"),
            ("json", #"{"clientId":"c","tenantId":"t","appidServiceEndpoint":"https://x","version":true}"#, "version"),
            ("json", #"{"clientId":"c","tenantId":"t","oAuthServerUrl":"https://x","secret":7}"#, "secret"),
            ("json", "[1]", "not a JSON object"),
        ]
    )
    func wrongCredentials(kind: String, text: String, detail: String) {
        let error = tokenError {
            if kind == "vcap" {
                _ = try AppIDCredentials(vcapServices: text)
            } else {
                _ = try AppIDCredentials(json: Array(text.utf8))
            }
        }
        #expect(error?.code == .invalidConfiguration, "\(text)")
        #expect(error?.detail?.contains(detail) == true, "\(text): \(error?.detail ?? "no detail")")
    }

    @Test("Credentials survive their own JSON shape, and null fields count as absent")
    func credentialsRoundTrip() throws {
        let credentials = AppIDCredentials(
            clientID: "c",
            tenantID: "t",
            oauthServerURL: "https://x/oauth/v4/t",
            secret: "s",
            name: "n",
            profilesURL: "https://x",
            type: "regularwebapp"
        )
        #expect(try AppIDCredentials(json: Array(JSONEncoder().encode(credentials))) == credentials)
        let nulls = try AppIDCredentials(
            json: Array(#"{"clientId":"c","tenantId":"t","oAuthServerUrl":"https://x","secret":null,"version":null}"#.utf8)
        )
        #expect(nulls.secret == nil)
        let version = try AppIDCredentials(json: Array(#"{"clientId":"c","tenantId":"t","appidServiceEndpoint":"https://x/","version":"4"}"#.utf8))
        #expect(version.oauthServerURL == "https://x/oauth/v4/t")
    }

    static let issuer = "https://accounts.example/caf\u{E9}"

    @Test(
        "A wrong-shaped discovery document is refused with .discoveryMismatch, naming what is wrong",
        arguments: [
            ("[]", "not a JSON object"),
            ("{not json", "not valid JSON"),
            (#"{"issuer":1,"jwks_uri":"https://keys.example/k"}"#, "issuer"),
            (#"{"jwks_uri":"https://keys.example/k"}"#, "issuer"),
            (#"{"issuer":"\#(issuer)"}"#, "jwks_uri"),
            (#"{"issuer":"\#(issuer)","jwks_uri":7}"#, "jwks_uri"),
            (#"{"issuer":"\#(issuer)","jwks_uri":""}"#, "jwks_uri"),
            (#"{"issuer":"\#(issuer)/","jwks_uri":"https://keys.example/k"}"#, "another issuer"),
            // The same text after Unicode normalization, but other bytes: not the configured issuer.
            (#"{"issuer":"https://accounts.example/cafe\#u{301}","jwks_uri":"https://keys.example/k"}"#, "another issuer"),
        ]
    )
    func wrongDiscovery(document: String, detail: String) async {
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(document, at: Self.issuer + "/.well-known/openid-configuration")
        fetcher.serve(TestSigningKey.jwksJSON([Fixtures.es256]), at: "https://keys.example/k")
        let cache = KeySetCache(configuration: .init(source: .discovery(issuer: Self.issuer)), fetcher: fetcher)
        let error = await asyncTokenError { try await cache.refresh() }
        #expect(error?.code == .discoveryMismatch, "\(document)")
        #expect(error?.detail?.contains(detail) == true, "\(document): \(error?.detail ?? "no detail")")
        #expect(!fetcher.requests.contains { $0.url == "https://keys.example/k" })
    }

    @Test(
        "A good discovery document, with members of other types beside, finds the key set",
        arguments: [
            #"{"issuer":"\#(issuer)","jwks_uri":"https://keys.example/k","grant_types_supported":["x"],"claims_parameter_supported":false}"#,
            // Client-side members the key set does not use, mistyped: not its concern.
            #"{"issuer":"\#(issuer)","jwks_uri":"https://keys.example/k","end_session_endpoint":7,"token_endpoint_auth_methods_supported":"x"}"#,
        ]
    )
    func goodDiscovery(document: String) async throws {
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(document, at: Self.issuer + "/.well-known/openid-configuration")
        fetcher.serve(TestSigningKey.jwksJSON([Fixtures.es256]), at: "https://keys.example/k")
        let cache = KeySetCache(configuration: .init(source: .discovery(issuer: Self.issuer)), fetcher: fetcher)
        try await cache.refresh()
        #expect(cache.isReady)
    }

    @Test(
        "A pending login survives its encoding; any other shape reads as no login",
        arguments: [
            "", "null", "[]", "{not json", #"{}"#,
            #"{"state":1,"nonce":"n","verifier":"v","returnTo":"/","startedAt":1}"#,
            #"{"state":"s","nonce":"n","verifier":"v","returnTo":"/"}"#,
            #"{"state":"s","nonce":"n","verifier":"v","returnTo":"/","startedAt":"1"}"#,
            #"{"state":"s","nonce":"n","verifier":"v","returnTo":["/"],"startedAt":1}"#,
        ]
    )
    func pendingLoginShapes(encoded: String) {
        let login = PendingLogin(returnTo: "/a?b=c", now: NumericDate(secondsSinceEpoch: 1_700_000_000.5))
        #expect(PendingLogin(encoded: login.encoded) == login)
        #expect(PendingLogin(encoded: encoded) == nil, "\(encoded)")
    }

    @Test(
        "Session tokens survive their encoding; any other shape reads as no session",
        arguments: [
            "", "[]", #"{"access":"a"}"#, #"{"access":"a","identity":2}"#, #"{"access":"a","identity":"i","refresh":5}"#,
            #"{"access":"a","identity":"i","logout":false}"#,
        ]
    )
    func sessionTokenShapes(encoded: String) throws {
        let full = WebSessionTokens(accessToken: "a", identityToken: "i", refreshToken: "r")
        #expect(WebSessionTokens(encoded: full.encoded) == full)
        let noRefresh = WebSessionTokens(accessToken: "a", identityToken: "i", refreshToken: nil)
        #expect(WebSessionTokens(encoded: noRefresh.encoded) == noRefresh)
        #expect(WebSessionTokens(encoded: encoded) == nil, "\(encoded)")
    }

    @Test("A session stored before logout tokens existed gets one derived from its identity token")
    func sessionWithoutLogoutToken() throws {
        let tokens = try #require(WebSessionTokens(encoded: #"{"access":"a","identity":"i"}"#))
        #expect(tokens.logoutToken == Base64URL.encode(Array(SHA256.hash(data: Array("logout:i".utf8)))))
        #expect(WebSessionTokens(encoded: #"{"access":"a","identity":"i"}"#)?.logoutToken == tokens.logoutToken)
    }

    @Test("The durable key-set file keeps the document's exact text, which the strict parser still reads")
    func durableFileKeepsDocument() throws {
        let folder = try DurableKeySetFileTests.Folder()
        defer { folder.remove() }
        let path = folder.path + "/keys.json"
        let now = Int64(Fixtures.now.secondsSinceEpoch)
        func write(version: Int, jwks: String) throws {
            let escaped = jwks.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            let text =
                #"{"version":\#(version),"source":"\#(DurableKeySetFileTests.url)","fetchedAt":\#(now - 60),"expiresAt":\#(now + 3000),"jwks":"\#(escaped)"}"#
            try DurableFile.writeAtomically(Array(text.utf8), to: path)
        }
        let jwks = TestSigningKey.jwksJSON([Fixtures.es256])
        try write(version: 2, jwks: jwks)
        let cache = DurableKeySetFileTests.cache(path: path)
        #expect(cache.isReady)
        #expect(cache.snapshot?.document == Array(jwks.utf8))

        // A key set that repeats a member is refused inside the file as it is over the network.
        let repeated = jwks.replacingOccurrences(of: #"{"keys":"#, with: #"{"keys":[],"keys":"#)
        #expect(repeated != jwks)
        try write(version: 2, jwks: repeated)
        #expect(!DurableKeySetFileTests.cache(path: path).isReady)

        // Another version, or a key set that is not text, is ignored.
        try write(version: 3, jwks: jwks)
        #expect(!DurableKeySetFileTests.cache(path: path).isReady)
        let object = #"{"version":2,"source":"\#(DurableKeySetFileTests.url)","fetchedAt":\#(now - 60),"expiresAt":\#(now + 3000),"jwks":\#(jwks)}"#
        try DurableFile.writeAtomically(Array(object.utf8), to: path)
        #expect(!DurableKeySetFileTests.cache(path: path).isReady)
    }
}
