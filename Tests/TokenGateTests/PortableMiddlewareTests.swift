import HTTPTypes
import Testing
import TokenGateTesting

@testable import TokenGate

#if Hummingbird
import Hummingbird
import HummingbirdTesting
import TokenGateHummingbird
#endif
#if Vapor
import Vapor
import VaporTesting
import TokenGateVapor
#endif

/// A user middleware written only against swift-http-types runs unchanged on Hummingbird, on
/// Vapor and in the neutral pipeline: it refuses requests without `X-Tenant`, passes the
/// tenant on in a request field the route reads, and marks every response it lets through,
/// without touching the route's body.
struct TenantMiddleware: PipelineMiddleware {
    static let tenant = HTTPField.Name("X-Tenant")!
    static let checked = HTTPField.Name("X-Checked-Tenant")!
    static let servedBy = HTTPField.Name("X-Served-By")!

    func handle<Output: PipelineOutput>(
        _ request: HTTPRequest,
        context: PipelineContext,
        next: (HTTPRequest, PipelineContext) async throws -> Output
    ) async throws -> Output {
        guard let tenant = request.headerFields[Self.tenant] else {
            var head = HTTPResponse(status: .badRequest)
            head.headerFields[.contentType] = "text/plain"
            return Output(PipelineResponse(head: head, body: Array("tenant required".utf8)))
        }
        var request = request
        request.headerFields[Self.checked] = tenant
        var response = try await next(request, context)
        response.head.headerFields[Self.servedBy] = "tenant-middleware"
        return response
    }
}

@Suite("A user middleware on every server")
struct PortableMiddlewareTests {
    /// The route's body: the tenant the middleware checked and the subject the guard set.
    static func body(checkedTenant: String?, _ authorization: AuthorizationContext?) -> String {
        (checkedTenant ?? "-") + " " + (authorization?.subject ?? "anonymous")
    }

    struct Answer {
        let status: Int
        let servedBy: String?
        let body: String
    }

    static func check(_ answer: (String?, String?) async throws -> Answer) async throws {
        let refused = try await answer(nil, "Bearer " + PipelineTokens.access)
        #expect(refused.status == 400)
        #expect(refused.body == "tenant required")
        #expect(refused.servedBy == nil)
        let passed = try await answer("acme", "Bearer " + PipelineTokens.access)
        #expect(passed.status == 200)
        #expect(passed.servedBy == "tenant-middleware")
        #expect(passed.body == "acme user-1")
        // Behind it, the guard still answers; the user middleware marks that answer too.
        let unauthorized = try await answer("acme", nil)
        #expect(unauthorized.status == 401)
        #expect(unauthorized.servedBy == "tenant-middleware")
    }

    @Test("An adapter keeps its request exactly when the head comes back unchanged")
    func unchangedHead() {
        var original = HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: "/api/tenant")
        original.headerFields[.authorization] = "Bearer " + String(repeating: "a", count: 1000)
        let copy = original
        #expect(copy.isUnchanged(from: original))
        var changed = original
        changed.headerFields[TenantMiddleware.checked] = "acme"
        #expect(!changed.isUnchanged(from: original))
        var value = original
        value.headerFields[.authorization] = "Bearer " + String(repeating: "b", count: 1000)
        #expect(!value.isUnchanged(from: original))
        var path = original
        path.path = "/api/other"
        #expect(!path.isUnchanged(from: original))
        // Changed and changed back: other storage, equal values.
        var restored = original
        restored.headerFields[TenantMiddleware.checked] = "acme"
        restored.headerFields[TenantMiddleware.checked] = nil
        #expect(restored.isUnchanged(from: original))
    }

    @Test("Neutral pipeline")
    func neutral() async throws {
        let harness = try await PipelineHarness.make()
        let guardAPI = APIStrategyMiddleware(harness.strategy)
        try await Self.check { tenant, authorization in
            var request = HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: "/api/tenant")
            if let tenant { request.headerFields[TenantMiddleware.tenant] = tenant }
            if let authorization { request.headerFields[.authorization] = authorization }
            let response = try await TenantMiddleware().handle(request, context: PipelineContext()) { request, context in
                try await guardAPI.handle(request, context: context) { request, context in
                    PipelineResponse(
                        head: HTTPResponse(status: .ok),
                        body: Array(Self.body(checkedTenant: request.headerFields[TenantMiddleware.checked], context.authorization).utf8)
                    )
                }
            }
            return Answer(
                status: response.head.status.code,
                servedBy: response.head.headerFields[TenantMiddleware.servedBy],
                body: String(decoding: response.body, as: UTF8.self)
            )
        }
        try await harness.close()
    }

    #if Hummingbird
    @Test("Hummingbird")
    func hummingbird() async throws {
        let harness = try await PipelineHarness.make()
        let router = Router(context: TokenGateRequestContext.self)
        router.group("api/tenant")
            .add(middleware: PipelineRouterMiddleware(TenantMiddleware()))
            .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(harness.strategy)))
            .get { request, context in
                // A streamed body: the middleware adjusts the head only.
                let text = Self.body(checkedTenant: request.headers[TenantMiddleware.checked], context.identity)
                return Response(
                    status: .ok,
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(string: text))
                        try await writer.finish(nil)
                    }
                )
            }
        try await Application(router: router).test(.router) { client in
            try await Self.check { tenant, authorization in
                var headers = HTTPFields()
                if let tenant { headers[TenantMiddleware.tenant] = tenant }
                if let authorization { headers[.authorization] = authorization }
                let response = try await client.execute(uri: "/api/tenant", method: .get, headers: headers)
                return Answer(
                    status: response.status.code,
                    servedBy: response.headers[TenantMiddleware.servedBy],
                    body: String(buffer: response.body)
                )
            }
        }
        try await harness.close()
    }
    #endif

    #if Vapor
    @Test("Vapor")
    func vapor() async throws {
        let harness = try await PipelineHarness.make()
        try await withApp(configure: { app in
            app.grouped(PipelineAsyncMiddleware(TenantMiddleware()))
                .grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(harness.strategy)))
                .get("api", "tenant") { req in
                    let text = Self.body(checkedTenant: req.headers.first(name: "X-Checked-Tenant"), req.authorizationContext)
                    // A streamed body: the middleware adjusts the head only.
                    return Vapor.Response(
                        status: .ok,
                        body: .init(asyncStream: { writer in
                            try await writer.write(.buffer(ByteBuffer(string: text)))
                            try await writer.write(.end)
                        })
                    )
                }
        }) { app in
            try await Self.check { tenant, authorization in
                var headers = HTTPHeaders()
                if let tenant { headers.add(name: "X-Tenant", value: tenant) }
                if let authorization { headers.add(name: .authorization, value: authorization) }
                let response = try await app.testing().sendRequest(.GET, "/api/tenant", headers: headers)
                return Answer(status: Int(response.status.code), servedBy: response.headers.first(name: "X-Served-By"), body: response.body.string)
            }
        }
        try await harness.close()
    }
    #endif
}
