import HTTPTypes
import Testing
import TokenGateTesting

@testable import TokenGate

/// The neutral pipeline (`APIStrategyMiddleware` over swift-http-types) end to end: real
/// tokens, a real key server on loopback, every row of the response table in docs/behaviour.md.
@Suite("Request pipeline (neutral)")
struct PipelineTests {
    /// The example routes, on the neutral pipeline.
    static func serve(_ harness: PipelineHarness, path: String, authorization: String?) async throws -> PipelineResponse {
        var request = HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: path)
        if let authorization { request.headerFields[.authorization] = authorization }
        let requirement = path == PipelineScenario.admin ? AccessRequirement(allOf: ["admin"]) : .none
        let mode: AuthenticationMode = path == PipelineScenario.optional ? .optional : .required
        let middleware = APIStrategyMiddleware(harness.strategy, requirement: requirement, mode: mode)
        return try await middleware.handle(request, context: PipelineContext()) { _, context in
            PipelineResponse(head: HTTPResponse(status: .ok), body: Array(Self.describe(context.authorization).utf8))
        }
    }

    static func describe(_ authorization: AuthorizationContext?) -> String {
        guard let authorization else { return "anonymous" }
        return (authorization.subject ?? "-") + " " + (authorization.identityToken?.claims.subject ?? "-")
    }

    @Test("The response table (docs/behaviour.md)", arguments: PipelineScenario.all)
    func responses(_ scenario: PipelineScenario) async throws {
        let harness = try await PipelineHarness.make()
        let response = try await Self.serve(harness, path: scenario.path, authorization: scenario.authorization)
        try await harness.close()
        #expect(response.head.status.code == scenario.status)
        #expect(response.head.headerFields[.wwwAuthenticate] == scenario.challenge)
        if let body = scenario.body {
            #expect(String(decoding: response.body, as: UTF8.self) == body)
        } else {
            #expect(response.head.headerFields[.contentType] == "application/json")
            #expect(response.head.headerFields[.cacheControl] == "no-store")
            let json = try JSONParser.parse(response.body)
            #expect(json["error"]?.stringValue != nil)
        }
    }

    @Test("Body of a refusal: the RFC 6750 error and the fixed description, never token content")
    func body() async throws {
        let harness = try await PipelineHarness.make()
        let response = try await Self.serve(harness, path: PipelineScenario.protected, authorization: "Bearer " + PipelineTokens.expired)
        try await harness.close()
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"invalid_token","error_description":"token expired"}"#)
    }

    @Test("The context carries both tokens raw and decoded, scopes, subject, issuer, tenant and kid")
    func context() async throws {
        let harness = try await PipelineHarness.make()
        let outcome = await harness.strategy.authorize(authorizationField: "Bearer \(PipelineTokens.access) \(PipelineTokens.identity)")
        try await harness.close()
        guard case .authorized(let context) = outcome else {
            Issue.record("not authorized: \(outcome)")
            return
        }
        #expect(context.accessToken.raw == PipelineTokens.access)
        #expect(context.identityToken?.raw == PipelineTokens.identity)
        #expect(context.identityTokenPayload?["name"]?.stringValue == "Ada")
        #expect(context.scopes == ["openid", "appid_default", "read"])
        #expect(context.subject == "user-1")
        #expect(context.issuer == Fixtures.issuer)
        #expect(context.tenant == "tenant-1")
        #expect(context.keyID == "rsa-1")
        #expect(context.refreshToken == nil)
        #expect(try JSONParser.parse(context.accessToken.payloadJSON) == .object(context.accessTokenPayload.members))
        #expect(try JSONParser.parse(try #require(context.identityToken).payloadJSON)["name"] == "Ada")
    }

    @Test("Cold start with the provider down: 503 with Retry-After and no challenge")
    func coldStartProviderDown() async throws {
        let harness = try await PipelineHarness.providerDown()
        let response = try await Self.serve(harness, path: PipelineScenario.protected, authorization: "Bearer " + PipelineTokens.access)
        try await harness.close()
        #expect(response.head.status == .serviceUnavailable)
        #expect(response.head.headerFields[.wwwAuthenticate] == nil)
        let retryAfter = try #require(response.head.headerFields[.retryAfter].flatMap { Int($0) })
        #expect(retryAfter >= 1 && retryAfter <= 30)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"temporarily_unavailable","error_description":"keys unavailable"}"#)
    }

    @Test("Requirements: any-of scopes, route audience, custom predicate")
    func requirements() async throws {
        let harness = try await PipelineHarness.make()
        let field: Substring = "Bearer \(PipelineTokens.access)"
        func status(_ requirement: AccessRequirement) async -> Int {
            switch await harness.strategy.authorize(authorizationField: field, requirement: requirement) {
            case .authorized: 200
            case .anonymous: 0
            case .refused(let failure): failure.kind.status.code
            }
        }
        #expect(await status(AccessRequirement(anyOf: ["write", "read"])) == 200)
        #expect(await status(AccessRequirement(anyOf: ["write", "admin"])) == 403)
        #expect(await status(AccessRequirement(scope: "read openid")) == 200)
        #expect(await status(AccessRequirement(scope: "read  write")) == 403)
        #expect(await status(AccessRequirement(audiences: [Fixtures.audience])) == 200)
        #expect(await status(AccessRequirement(audiences: ["other-api"])) == 401)
        #expect(await status(AccessRequirement { $0.subject == "user-1" }) == 200)
        #expect(await status(AccessRequirement { $0.subject == "someone-else" }) == 403)
        // A route with a predicate takes the async decision, which still checks scopes and
        // audiences before the predicate (one that always passes must not let them through).
        #expect(await status(AccessRequirement(allOf: ["admin"]) { _ in true }) == 403)
        #expect(await status(AccessRequirement(audiences: ["other-api"]) { _ in true }) == 401)
        #expect(await status(AccessRequirement(allOf: ["read"]) { _ in true }) == 200)
        try await harness.close()
    }

    @Test("A context established by an outer guard meets each route's requirement, with or without a predicate")
    func establishedContext() async throws {
        let harness = try await PipelineHarness.make()
        guard case .authorized(let context) = await harness.strategy.authorize(authorizationField: "Bearer \(PipelineTokens.access)") else {
            Issue.record("the access token was refused")
            return
        }
        func status(_ requirement: AccessRequirement) async -> Int {
            let outcome = await harness.strategy.authorize(
                established: context,
                authorizationField: "Bearer not-read",
                requirement: requirement,
                mode: .required
            )
            switch outcome {
            case .authorized: return 200
            case .anonymous: return 0
            case .refused(let failure): return failure.kind.status.code
            }
        }
        #expect(await status(AccessRequirement(allOf: ["read"])) == 200)
        #expect(await status(AccessRequirement(allOf: ["admin"])) == 403)
        #expect(await status(AccessRequirement(audiences: ["other-api"])) == 401)
        #expect(await status(AccessRequirement { $0.subject == "user-1" }) == 200)
        #expect(await status(AccessRequirement { $0.subject == "someone-else" }) == 403)
        #expect(await status(AccessRequirement(allOf: ["admin"]) { _ in true }) == 403)
        // The established context is used: the field (not a token) is never read.
        #expect(harness.tokenCache.statistics.misses == 1)
        try await harness.close()
    }

    @Test("The challenge lists the strategy's and the route's scopes once each")
    func requiredScopes() async throws {
        let harness = try await PipelineHarness.make()
        try await harness.close()
        let scopes = harness.strategy.requiredScopes(for: AccessRequirement(allOf: ["read", "appid_default"], anyOf: ["read", "write"]))
        #expect(scopes == ["appid_default", "read", "write"])
    }

    @Test("error_description can be turned off, and the response replaced")
    func configurableResponses() async throws {
        let quiet = try await PipelineHarness.make { $0.includeErrorDescription = false }
        let response = try await Self.serve(quiet, path: PipelineScenario.protected, authorization: "Bearer " + PipelineTokens.expired)
        try await quiet.close()
        #expect(response.head.headerFields[.wwwAuthenticate] == #"Bearer realm="AppID", scope="appid_default", error="invalid_token""#)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"invalid_token"}"#)

        let custom = try await PipelineHarness.make { configuration in
            configuration.realm = #"my "api""#
            configuration.makeResponse = { failure in
                var response = failure.defaultResponse()
                response.body = Array("custom \(failure.kind)".utf8)
                return response
            }
        }
        let replaced = try await Self.serve(custom, path: PipelineScenario.protected, authorization: nil)
        try await custom.close()
        #expect(replaced.head.headerFields[.wwwAuthenticate] == #"Bearer realm="my \"api\"", scope="appid_default""#)
        #expect(String(decoding: replaced.body, as: UTF8.self) == "custom noCredentials")
    }

    @Test("HTTPFields.authorizationField: none, one among others (any case), several joined")
    func authorizationFieldOfFields() {
        var fields: HTTPFields = [.accept: "*/*"]
        #expect(fields.authorizationField == nil)
        fields.append(HTTPField(name: HTTPField.Name("Authorization")!, value: "Bearer a.b.c"))
        fields[.userAgent] = "tests"
        #expect(fields.authorizationField == "Bearer a.b.c")
        fields.append(HTTPField(name: .authorization, value: "Bearer d.e.f"))
        #expect(fields.authorizationField == "Bearer a.b.c, Bearer d.e.f")
        #expect(fields.authorizationField == fields[.authorization].map { $0[...] })
    }

    @Test("Two Authorization fields are refused as malformed")
    func duplicateHeaders() async throws {
        let harness = try await PipelineHarness.make()
        var request = HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: "/api/protected")
        request.headerFields.append(HTTPField(name: .authorization, value: "Bearer " + PipelineTokens.access))
        request.headerFields.append(HTTPField(name: .authorization, value: "Bearer " + PipelineTokens.admin))
        let outcome = await harness.strategy.authorize(authorizationField: request.headerFields.authorizationField)
        try await harness.close()
        guard case .refused(let failure) = outcome else {
            Issue.record("not refused")
            return
        }
        #expect(failure.kind == .invalidRequest)
    }
}
