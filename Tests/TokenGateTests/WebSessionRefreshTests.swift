import Synchronization
import Testing
import TokenGateTesting

@testable import TokenGate

/// A web session refreshes at most once at a time: concurrent requests near expiry share one
/// refresh-token grant, so a provider that rotates refresh tokens never sees one reused.
@Suite("Web session refresh: one grant at a time")
struct WebSessionRefreshTests {
    @Test("Concurrent callers with one refresh token share one grant, also shortly after it finished", .bug(id: 17))
    func oneGrant() async throws {
        let refreshes = WebSessionRefreshes()
        let clock = ManualClock()
        let grants = GrantCount()
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let result = await refreshes.refresh("refresh-1", wallClock: clock) {
                        grants.count.add(1, ordering: .relaxed)
                        try? await Task.sleep(for: .milliseconds(20))
                        return .loginRequired
                    }
                    if case .loginRequired? = result { return true }
                    return false
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 16))
        #expect(grants.count.load(ordering: .relaxed) == 1)
        // A request that read the session before the new tokens were stored: the same result.
        _ = await refreshes.refresh("refresh-1", wallClock: clock) {
            grants.count.add(1, ordering: .relaxed); return nil
        }
        #expect(grants.count.load(ordering: .relaxed) == 1)
        // Another token, or the same one long after: a grant of its own.
        _ = await refreshes.refresh("refresh-2", wallClock: clock) {
            grants.count.add(1, ordering: .relaxed); return nil
        }
        #expect(grants.count.load(ordering: .relaxed) == 2)
        clock.advance(by: .seconds(31))
        _ = await refreshes.refresh("refresh-1", wallClock: clock) {
            grants.count.add(1, ordering: .relaxed); return nil
        }
        #expect(grants.count.load(ordering: .relaxed) == 3)
    }

    // The grant never answers: without the bound this test would wait until its time limit.
    // (No wall-clock assertion: with every suite running at once on two cores, the 100 ms
    // timer has been seen to fire 14 s late.)
    @Test("Waiting for a grant that does not answer is bounded", .bug(id: 17), .timeLimit(.minutes(1)))
    func boundedWait() async throws {
        let refreshes = WebSessionRefreshes(waitLimit: .milliseconds(100))
        let release = AsyncStream<Void>.makeStream()
        let result = await refreshes.refresh("refresh-1", wallClock: ManualClock()) {
            for await _ in release.stream {}  // until the test ends
            return .loginRequired
        }
        #expect(result == nil)
        release.continuation.finish()
    }
}

extension WebSessionRefreshTests {
    /// Answers every refresh with the tokens it was given (another user's, in the test).
    struct ScriptedCodeClient: AuthorizationCodeClient {
        let refreshed: AuthorizationContext
        var accessTokenFormat = AccessTokenFormat.opaque

        func authorizationCodeTokens(code: String, redirectURI: String, codeVerifier: String) async throws -> AuthorizationContext {
            self.refreshed
        }

        func refreshedTokens(_ refreshToken: String) async throws -> AuthorizationContext { self.refreshed }

        func revoke(refreshToken: String) async throws {}
    }

    @Test("A refresh is taken only with an identity token for the session's user and this client, and for its access token")
    func refreshKeepsTheUser() async throws {
        let shape = try #require(ProviderShape.all.first { $0.name.hasPrefix("Generic OIDC") })
        let issuer = shape.issuer(shape.fetcher())
        let endpoints = ProviderEndpoints(
            issuer: "https://auth.example.com",
            authorization: "https://auth.example.com/authorize",
            token: "https://auth.example.com/token"
        )
        let configuration = try WebAppStrategy.Configuration(clientID: "orders-client", endpoints: endpoints, redirectURI: "https://app.example/cb")
        let now = SystemWallClock().currentDate().secondsSinceEpoch
        /// An identity token for `subject` (none: without `sub`).
        func identity(_ subject: String?, _ extra: [String: JSONValue] = [:]) throws -> String {
            var claims: [String: JSONValue] = [
                "iss": "https://auth.example.com", "aud": "orders-client",
                "iat": .number(JSONNumber(Int64(now) - 10)), "exp": .number(JSONNumber(Int64(now) + 3600)),
            ]
            if let subject { claims["sub"] = .string(subject) }
            claims.merge(extra) { $1 }
            return try ProviderShape.key.token(claims: claims)
        }
        // The session's opaque access token has expired: the next request refreshes.
        let session = WebSessionTokens(
            accessToken: "opaque-1",
            identityToken: try identity("user-1"),
            refreshToken: "r1",
            accessTokenExpiresAt: now - 1
        )
        let goodHash = JSONValue.string(AccessTokenHash.value(of: "opaque-2", algorithm: .rs256))
        let cases: [(subject: String, extra: [String: JSONValue], taken: Bool)] = [
            ("user-2", [:], false),  // another user
            ("user-1", ["azp": "other-client"], false),  // issued to another client (Core 3.1.3.7)
            ("user-1", ["at_hash": "AAAAAAAAAAAAAAAAAAAAAA"], false),  // not this access token's (Core 3.1.3.6)
            ("user-1", ["azp": "orders-client", "at_hash": goodHash], true),
            ("user-1", [:], true),
        ]
        for (subject, extra, taken) in cases {
            let newIdentity = try await issuer.verify(try identity(subject, extra))
            let access = VerifiedToken.opaque("opaque-2", issuer: "https://auth.example.com", subject: subject, expiresAt: now + 3600, scope: nil)
            let strategy = WebAppStrategy(
                configuration: configuration,
                issuer: issuer,
                tokens: ScriptedCodeClient(refreshed: AuthorizationContext(accessToken: access, identityToken: newIdentity, refreshToken: "r2"))
            )
            switch await strategy.authorize(session) {
            case .authorized(let context, let refreshed):
                #expect(taken, "\(subject) \(extra): the session took it (now \(context.subject ?? "-")'s)")
                #expect(context.subject == "user-1" && refreshed != nil)
            case .loginRequired:
                #expect(!taken, "\(subject) \(extra)")
            }
        }

        // The access token is read as the token client makes it, whatever the configuration
        // was made from (an App ID configuration here, with a client of opaque access tokens).
        let appIDStyle = WebAppStrategy(
            configuration: .init(
                credentials: AppIDCredentials(clientID: "orders-client", tenantID: "t", oauthServerURL: "https://auth.example.com", secret: nil),
                redirectURI: "https://app.example/cb"
            ),
            issuer: issuer,
            tokens: ScriptedCodeClient(
                refreshed: AuthorizationContext(accessToken: .opaque("opaque-2", issuer: nil, subject: nil, expiresAt: nil, scope: nil))
            )
        )
        let opaqueSession = WebSessionTokens(
            accessToken: "opaque-1",
            identityToken: try identity("user-1"),
            refreshToken: "r1",
            accessTokenExpiresAt: now + 3600
        )
        if case .loginRequired = await appIDStyle.authorize(opaqueSession) {
            Issue.record("a session with the opaque access token its client made was refused")
        }

        // A session whose identity token lacks `sub` (or has an empty one) names no user, even
        // with an opaque access token that took its subject from it.
        for subject in [nil, ""] as [String?] {
            let noUser = WebSessionTokens(
                accessToken: "opaque-1",
                identityToken: try identity(subject),
                refreshToken: "r1",
                accessTokenExpiresAt: now + 3600
            )
            let refreshedIdentity = try await issuer.verify(try identity(subject))
            let access = VerifiedToken.opaque("opaque-2", issuer: "https://auth.example.com", subject: subject, expiresAt: now + 3600, scope: nil)
            let strategy = WebAppStrategy(
                configuration: configuration,
                issuer: issuer,
                tokens: ScriptedCodeClient(refreshed: AuthorizationContext(accessToken: access, identityToken: refreshedIdentity, refreshToken: "r2"))
            )
            if case .authorized = await strategy.authorize(noUser) {
                Issue.record("a session without a user (sub \(subject ?? "missing")) was taken")
            }
        }
    }
}

/// Grants made, shared by the callers of a test.
private final class GrantCount: Sendable {
    let count = Atomic<Int>(0)
}

#if Hummingbird
import TokenGateHTTPClient

extension WebSessionRefreshTests {
    /// Counts the refresh-token grants the web app makes.
    final class CountingCodeClient: AuthorizationCodeClient {
        let base: any AuthorizationCodeClient
        let refreshes = Atomic<Int>(0)

        init(_ base: any AuthorizationCodeClient) { self.base = base }

        var accessTokenFormat: AccessTokenFormat { self.base.accessTokenFormat }

        func authorizationCodeTokens(code: String, redirectURI: String, codeVerifier: String) async throws -> AuthorizationContext {
            try await self.base.authorizationCodeTokens(code: code, redirectURI: redirectURI, codeVerifier: codeVerifier)
        }

        func refreshedTokens(_ refreshToken: String) async throws -> AuthorizationContext {
            self.refreshes.add(1, ordering: .relaxed)
            return try await self.base.refreshedTokens(refreshToken)
        }

        func revoke(refreshToken: String) async throws {
            try await self.base.revoke(refreshToken: refreshToken)
        }
    }

    @Test("Eight parallel requests of one session near expiry: one refresh grant, all served, the session stays logged in", .bug(id: 17))
    func parallelRequestsNearExpiry() async throws {
        let counter = Mutex<CountingCodeClient?>(nil)
        let app = try await WebAppHarness.start(wrapTokens: { base in
            let client = CountingCodeClient(base)
            counter.withLock { $0 = client }
            return client
        })
        let client = try #require(counter.withLock { $0 })
        let browser = Browser()
        _ = try await app.login(browser)
        #expect(try await browser.get(app.baseURL + "/protected").status == 200)
        app.clock.advance(by: .seconds(3_570))  // within the 60 s renewal window
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try await browser.get(app.baseURL + "/protected").status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
        #expect(client.refreshes.load(ordering: .relaxed) == 1)
        // The rotated refresh token still works: the issuer saw no reuse and kept the family.
        app.clock.advance(by: .seconds(3_580))  // the refreshed access token is near its end
        #expect(try await browser.get(app.baseURL + "/protected").status == 200)
        #expect(client.refreshes.load(ordering: .relaxed) == 2)
        app.clock.advance(by: .seconds(600))
        #expect(try await browser.get(app.baseURL + "/protected").status == 200, "the second refresh's tokens are in the session")
        try await browser.shutdown()
        try await app.stop()
    }
}
#endif
