import HTTPTypes
import NIOHTTP1
import Testing
import TokenGateHTTPClient
import TokenGateTesting

@testable import TokenGate

/// The verified-token cache seen through the strategy, and several issuers behind one strategy.
@Suite("Request pipeline: token cache and issuers")
struct PipelineCacheTests {
    static func kind(_ outcome: AuthorizationOutcome) -> String {
        switch outcome {
        case .authorized: "authorized"
        case .anonymous: "anonymous"
        case .refused(let failure): failure.error.map { "\($0.code)" } ?? "\(failure.kind)"
        }
    }

    @Test("A repeated token is served from the cache; requirements are still checked on every hit")
    func hit() async throws {
        let harness = try await PipelineHarness.make()
        let field: Substring = "Bearer \(PipelineTokens.access)"
        #expect(Self.kind(await harness.strategy.authorize(authorizationField: field)) == "authorized")
        #expect(Self.kind(await harness.strategy.authorize(authorizationField: field)) == "authorized")
        #expect(harness.tokenCache.statistics.hits == 1)
        let admin = await harness.strategy.authorize(authorizationField: field, requirement: AccessRequirement(allOf: ["admin"]))
        #expect(Self.kind(admin) == "insufficientScope")
        #expect(harness.tokenCache.statistics.hits == 2)
        try await harness.close()
    }

    @Test("Characters outside token68 are a 400 whether or not the other token is cached, and nothing is verified first")
    func malformedBesideCachedToken() async throws {
        let harness = try await PipelineHarness.make()
        let access = PipelineTokens.access
        let identity = PipelineTokens.identity
        // Neither token cached: the malformed identity token is found before the valid access
        // token is verified (the cache stays empty).
        #expect(Self.kind(await harness.strategy.authorize(authorizationField: "Bearer \(access) \(identity)!")) == "malformedAuthorization")
        #expect(harness.tokenCache.count == 0)
        // Both tokens cached: only their exact texts are served from the cache.
        #expect(Self.kind(await harness.strategy.authorize(authorizationField: "Bearer \(access) \(identity)")) == "authorized")
        #expect(harness.tokenCache.count == 2)
        for field in [
            "Bearer \(access) \(identity)!",  // cached access token, identity token with "!"
            "Bearer \(access) ==",  // cached access token, an identity token of padding only
            "Bearer \(access) \(identity.dropLast())\u{e9}",  // a non-ASCII character
            "Bearer \(access)! \(identity)",  // a cached identity token does not excuse the access token
            "Bearer \(access.dropLast())%",
        ] {
            let outcome = await harness.strategy.authorize(authorizationField: Substring(field))
            #expect(Self.kind(outcome) == "malformedAuthorization", "\(field.suffix(12))")
            guard case .refused(let failure) = outcome else { continue }
            #expect(failure.kind == .invalidRequest)
            #expect(harness.strategy.response(for: failure).head.status == .badRequest)
        }
        #expect(harness.tokenCache.count == 2)
        try await harness.close()
    }

    @Test("A cached token stops working when it expires")
    func expiry() async throws {
        let harness = try await PipelineHarness.make()
        let field: Substring = "Bearer \(PipelineTokens.access)"
        #expect(Self.kind(await harness.strategy.authorize(authorizationField: field)) == "authorized")
        #expect(harness.tokenCache.count == 1)
        // exp is now + 3600; the leeway is 60 s.
        harness.clock.advance(by: .seconds(3600 + 61))
        #expect(Self.kind(await harness.strategy.authorize(authorizationField: field)) == "expired")
        #expect(harness.tokenCache.count == 0)
        try await harness.close()
    }

    @Test("A cached token is dropped as soon as its key leaves the key set")
    func keyRemoved() async throws {
        let harness = try await PipelineHarness.make()
        let field: Substring = "Bearer \(PipelineTokens.access)"
        #expect(Self.kind(await harness.strategy.authorize(authorizationField: field)) == "authorized")
        // The provider revokes the RSA key; the next refresh publishes only the EC key.
        harness.keys.serve([Fixtures.es256])
        _ = try await harness.keys.cache.refresh()
        #expect(Self.kind(await harness.strategy.authorize(authorizationField: field)) == "unknownKey")
        #expect(harness.tokenCache.statistics.keyRemovals == 1)
        // Tokens of the remaining key still pass.
        #expect(Self.kind(await harness.strategy.authorize(authorizationField: "Bearer \(PipelineTokens.accessES256)")) == "authorized")
        try await harness.close()
    }

    @Test("A rotated key is accepted on the request that first uses it")
    func rotation() async throws {
        let harness = try await PipelineHarness.make(serving: [Fixtures.es256])
        #expect(Self.kind(await harness.strategy.authorize(authorizationField: "Bearer \(PipelineTokens.accessES256)")) == "authorized")
        harness.keys.serve([Fixtures.es256, Fixtures.rs256])
        #expect(Self.kind(await harness.strategy.authorize(authorizationField: "Bearer \(PipelineTokens.access)")) == "authorized")
        try await harness.close()
    }

    @Test("Several issuers: each token verified only with its own issuer's keys")
    func severalIssuers() async throws {
        let server = try await KeyServer.start { (path: String) -> KeyServer.Reply in
            switch path {
            case "/a/keys": KeyServer.Reply.json(TestSigningKey.jwksJSON([Fixtures.rs256]))
            case "/b/keys": KeyServer.Reply.json(TestSigningKey.jwksJSON([Fixtures.es256]))
            default: KeyServer.Reply(status: .notFound)
            }
        }
        let fetcher = HTTPJWKSFetcher.patient
        let clock = ManualClock(now: Fixtures.now)
        func issuer(_ name: String, _ path: String) -> IssuerVerifier {
            let cache = KeySetCache(configuration: .init(source: .jwks(url: server.baseURL + path)), fetcher: fetcher, clock: clock, wallClock: clock)
            let verifier = TokenVerifier(configuration: .init(issuer: name, audience: .oneOf([Fixtures.audience])))
            return IssuerVerifier(verifier: verifier, keys: cache, wallClock: clock)
        }
        let strategy = APIStrategy(issuers: IssuerDirectory([issuer("https://a.example", "/a/keys"), issuer("https://b.example", "/b/keys")]))
        let fromA = try Fixtures.rs256.token(claims: Fixtures.claims(["iss": "https://a.example"]))
        let fromB = try Fixtures.es256.token(claims: Fixtures.claims(["iss": "https://b.example"]))
        let bSignedByA = try Fixtures.rs256.token(claims: Fixtures.claims(["iss": "https://b.example"]))
        let unknownIssuer = try Fixtures.rs256.token(claims: Fixtures.claims(["iss": "https://c.example"]))
        #expect(Self.kind(await strategy.authorize(authorizationField: "Bearer \(fromA)"[...])) == "authorized")
        #expect(Self.kind(await strategy.authorize(authorizationField: "Bearer \(fromB)"[...])) == "authorized")
        #expect(Self.kind(await strategy.authorize(authorizationField: "Bearer \(bSignedByA)"[...])) == "unknownKey")
        #expect(Self.kind(await strategy.authorize(authorizationField: "Bearer \(unknownIssuer)"[...])) == "invalidIssuer")
        // An identity token from issuer B never pairs with an access token from A.
        #expect(Self.kind(await strategy.authorize(authorizationField: "Bearer \(fromA) \(fromB)"[...])) == "identityMismatch")
        // No token made the process contact anything but the two configured key URLs.
        #expect(server.requestCount(path: "/a/keys") >= 1)
        #expect(server.requestCount(path: "/b/keys") >= 1)
        #expect(server.requests.count == server.requestCount(path: "/a/keys") + server.requestCount(path: "/b/keys"))
        try await server.close()
    }
}
