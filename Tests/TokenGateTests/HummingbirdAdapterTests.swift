#if Hummingbird
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateHummingbird

/// The Hummingbird adapter end to end: the example's routes, the same table as the neutral
/// pipeline, so both frameworks answer identically.
@Suite("Hummingbird adapter")
struct HummingbirdAdapterTests {
    static func application(_ strategy: APIStrategy) -> some ApplicationProtocol {
        let router = Router(context: TokenGateRequestContext.self)
        router.get("/api/public") { _, _ in "public" }
        // Sibling groups, so each route's challenge lists exactly its own scopes.
        router.group("api/protected/admin")
            .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOf: ["admin"]))))
            .get { _, context in PipelineTests.describe(context.identity) }
        let protected = router.group("api/protected").add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy)))
        protected.group(context: AuthorizedRequestContext.self)
            .get { _, context in PipelineTests.describe(context.authorization) }
        // A guard nested in another checks only its requirement against the outer context.
        protected.group("nested")
            .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOf: ["admin"]))))
            .get { _, context in PipelineTests.describe(context.identity) }
        router.group("api/optional")
            .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy, mode: .optional)))
            .get { _, context in PipelineTests.describe(context.identity) }
        router.group("api/unguarded", context: AuthorizedRequestContext.self)
            .get { _, _ in "never" }
        return Application(router: router)
    }

    static func headers(_ authorization: String?) -> HTTPFields {
        var headers = HTTPFields()
        if let authorization { headers[.authorization] = authorization }
        return headers
    }

    @Test("The response table (docs/behaviour.md)", arguments: PipelineScenario.all)
    func responses(_ scenario: PipelineScenario) async throws {
        let harness = try await PipelineHarness.make()
        try await Self.application(harness.strategy).test(.router) { client in
            let response = try await client.execute(uri: scenario.path, method: .get, headers: Self.headers(scenario.authorization))
            #expect(response.status.code == scenario.status)
            #expect(response.headers[.wwwAuthenticate] == scenario.challenge)
            if let body = scenario.body {
                #expect(String(buffer: response.body) == body)
            } else {
                #expect(response.headers[.contentType] == "application/json")
            }
        }
        try await harness.close()
    }

    @Test("Two Authorization fields answer 400 invalid_request, one among other fields is read")
    func authorizationFields() async throws {
        let harness = try await PipelineHarness.make()
        try await Self.application(harness.strategy).test(.router) { client in
            var two = HTTPFields()
            two.append(HTTPField(name: .authorization, value: "Bearer " + PipelineTokens.access))
            two.append(HTTPField(name: .authorization, value: "Bearer " + PipelineTokens.admin))
            let refused = try await client.execute(uri: "/api/protected", method: .get, headers: two)
            #expect(refused.status == .badRequest)
            #expect(refused.headers[.wwwAuthenticate]?.contains(#"error="invalid_request""#) == true)

            var among: HTTPFields = [.accept: "application/json", .cookie: "a=b"]
            among.append(HTTPField(name: HTTPField.Name("AUTHORIZATION")!, value: "Bearer " + PipelineTokens.access))
            among[.userAgent] = "tests"
            let accepted = try await client.execute(uri: "/api/protected", method: .get, headers: among)
            #expect(accepted.status == .ok)
        }
        try await harness.close()
    }

    @Test("Over a live server: public, protected and the 503 of a cold start with the provider down")
    func live() async throws {
        let harness = try await PipelineHarness.make()
        try await Self.application(harness.strategy).test(.live) { client in
            let open = try await client.execute(uri: "/api/public", method: .get)
            #expect(open.status == .ok)
            let ok = try await client.execute(uri: "/api/protected", method: .get, headers: Self.headers("Bearer " + PipelineTokens.access))
            #expect(String(buffer: ok.body) == "user-1 -")
        }
        try await harness.close()

        let down = try await PipelineHarness.providerDown()
        try await Self.application(down.strategy).test(.live) { client in
            let response = try await client.execute(uri: "/api/protected", method: .get, headers: Self.headers("Bearer " + PipelineTokens.access))
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] != nil)
            #expect(response.headers[.wwwAuthenticate] == nil)
        }
        try await down.close()
    }

    @Test("A guard nested inside another checks its requirement without verifying again")
    func nested() async throws {
        let harness = try await PipelineHarness.make()
        try await Self.application(harness.strategy).test(.router) { client in
            let denied = try await client.execute(
                uri: "/api/protected/nested",
                method: .get,
                headers: Self.headers("Bearer " + PipelineTokens.access)
            )
            #expect(denied.status == .forbidden)
            #expect(denied.headers[.wwwAuthenticate] == #"Bearer realm="AppID", scope="appid_default admin", error="insufficient_scope""#)
            let allowed = try await client.execute(
                uri: "/api/protected/nested",
                method: .get,
                headers: Self.headers("Bearer " + PipelineTokens.admin)
            )
            #expect(allowed.status == .ok)
        }
        // One verification per distinct token: the nested guard used the outer context.
        #expect(harness.tokenCache.statistics.hits == 0)
        #expect(harness.tokenCache.statistics.misses == 2)
        try await harness.close()
    }

    @Test("A protected child context without the middleware answers 401, never runs the handler")
    func childContextWithoutMiddleware() async throws {
        let harness = try await PipelineHarness.make()
        try await Self.application(harness.strategy).test(.router) { client in
            let response = try await client.execute(uri: "/api/unguarded", method: .get, headers: Self.headers("Bearer " + PipelineTokens.access))
            #expect(response.status == .unauthorized)
            #expect(String(buffer: response.body) != "never")
        }
        try await harness.close()
    }
}
#endif
