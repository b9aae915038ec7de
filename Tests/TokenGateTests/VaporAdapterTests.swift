#if Vapor
import Testing
import TokenGate
import TokenGateVapor
import Vapor
import VaporTesting

/// The Vapor adapter end to end: the example's routes, the same table as the neutral pipeline
/// and the Hummingbird adapter.
@Suite("Vapor adapter")
struct VaporAdapterTests {
    static func configure(_ app: Application, _ strategy: APIStrategy) {
        app.get("api", "public") { _ in "public" }
        // Sibling groups, so each route's challenge lists exactly its own scopes.
        let protected = app.grouped("api", "protected").grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategy)))
        protected.get { req in PipelineTests.describe(try req.requireAuthorizationContext()) }
        app.grouped("api", "protected").grouped(
            PipelineAsyncMiddleware(APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOf: ["admin"])))
        )
        .get("admin") { req in PipelineTests.describe(req.authorizationContext) }
        // A guard nested in another checks only its requirement against the outer context.
        protected.grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOf: ["admin"]))))
            .get("nested") { req in PipelineTests.describe(req.authorizationContext) }
        app.grouped("api", "optional").grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategy, mode: .optional)))
            .get { req in PipelineTests.describe(req.authorizationContext) }
        app.get("api", "unguarded") { req in
            _ = try req.requireAuthorizationContext()
            return "never"
        }
    }

    static func headers(_ authorization: String?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        if let authorization { headers.add(name: .authorization, value: authorization) }
        return headers
    }

    @Test("The response table (docs/behaviour.md)", arguments: PipelineScenario.all)
    func responses(_ scenario: PipelineScenario) async throws {
        let harness = try await PipelineHarness.make()
        try await withApp(configure: { Self.configure($0, harness.strategy) }) { app in
            let response = try await app.testing().sendRequest(.GET, scenario.path, headers: Self.headers(scenario.authorization))
            #expect(Int(response.status.code) == scenario.status)
            #expect(response.headers.first(name: .wwwAuthenticate) == scenario.challenge)
            if let body = scenario.body {
                #expect(response.body.string == body)
            } else {
                #expect(response.headers.first(name: .contentType) == "application/json")
            }
        }
        try await harness.close()
    }

    @Test("Cold start with the provider down: 503 with Retry-After")
    func coldStart() async throws {
        let down = try await PipelineHarness.providerDown()
        try await withApp(configure: { Self.configure($0, down.strategy) }) { app in
            let response = try await app.testing().sendRequest(.GET, "/api/protected", headers: Self.headers("Bearer " + PipelineTokens.access))
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers.first(name: .retryAfter) != nil)
            #expect(response.headers.first(name: .wwwAuthenticate) == nil)
        }
        try await down.close()
    }

    @Test("Two Authorization headers are refused as malformed")
    func duplicateHeaders() async throws {
        let harness = try await PipelineHarness.make()
        try await withApp(configure: { Self.configure($0, harness.strategy) }) { app in
            var headers = Self.headers("Bearer " + PipelineTokens.access)
            headers.add(name: .authorization, value: "Bearer " + PipelineTokens.admin)
            let response = try await app.testing().sendRequest(.GET, "/api/protected/admin", headers: headers)
            #expect(response.status == .badRequest)
        }
        try await harness.close()
    }

    @Test("A guard nested inside another checks its requirement without verifying again")
    func nested() async throws {
        let harness = try await PipelineHarness.make()
        try await withApp(configure: { Self.configure($0, harness.strategy) }) { app in
            let denied = try await app.testing().sendRequest(.GET, "/api/protected/nested", headers: Self.headers("Bearer " + PipelineTokens.access))
            #expect(denied.status == .forbidden)
            #expect(denied.headers.first(name: .wwwAuthenticate) == #"Bearer realm="AppID", scope="appid_default admin", error="insufficient_scope""#)
            let allowed = try await app.testing().sendRequest(.GET, "/api/protected/nested", headers: Self.headers("Bearer " + PipelineTokens.admin))
            #expect(allowed.status == .ok)
        }
        #expect(harness.tokenCache.statistics.hits == 0)
        #expect(harness.tokenCache.statistics.misses == 2)
        try await harness.close()
    }

    @Test("A route without the middleware cannot read a context")
    func unguarded() async throws {
        let harness = try await PipelineHarness.make()
        try await withApp(configure: { Self.configure($0, harness.strategy) }) { app in
            let response = try await app.testing().sendRequest(.GET, "/api/unguarded", headers: Self.headers("Bearer " + PipelineTokens.access))
            #expect(response.status == .unauthorized)
        }
        try await harness.close()
    }
}
#endif
