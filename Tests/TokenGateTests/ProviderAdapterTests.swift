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

/// The provider corpus through each server: every provider's token is accepted with its scopes
/// and roles on the context, a route asking for a role the token lacks answers 403, and a token
/// of another tenant, audience or issuer answers 401.
@Suite("Provider tokens through the neutral pipeline, Hummingbird and Vapor")
struct ProviderAdapterTests {
    struct Answer {
        let status: Int
        let challenge: String?
        let body: String
    }

    /// The route's body: the context's scopes and roles, sorted.
    static func body(_ context: AuthorizationContext?) -> String {
        guard let context else { return "anonymous" }
        return context.scopes.sorted().joined(separator: " ") + "|" + context.roles.sorted().joined(separator: " ")
    }

    /// The routes: `/orders` needs all the shape's roles, `/orders/admin` a role no token has.
    static let paths = (orders: "/orders", admin: "/orders/admin")
    static let missingRole = AccessRequirement(anyOfRoles: ["not-a-role"])

    static func check(_ shape: ProviderShape, _ answer: (String, String) async throws -> Answer) async throws {
        let token = try shape.token()
        let accepted = try await answer(Self.paths.orders, token)
        #expect(accepted.status == 200, "\(shape.name)")
        #expect(accepted.body == shape.scopes.sorted().joined(separator: " ") + "|" + shape.roles.sorted().joined(separator: " "))
        let forbidden = try await answer(Self.paths.admin, token)
        #expect(forbidden.status == 403, "\(shape.name)")
        #expect(forbidden.challenge?.contains(#"error="insufficient_scope""#) == true)
        for (change, _) in shape.refusals {
            let refused = try await answer(Self.paths.orders, try shape.token(change))
            #expect(refused.status == 401, "\(shape.name) \(change)")
            #expect(refused.challenge?.contains(#"error="invalid_token""#) == true)
        }
    }

    @Test("Neutral pipeline", arguments: ProviderShape.all)
    func neutral(shape: ProviderShape) async throws {
        let strategy = APIStrategy(issuer: shape.issuer(shape.fetcher()))
        try await Self.check(shape) { path, token in
            let middleware = APIStrategyMiddleware(
                strategy,
                requirement: path == Self.paths.admin ? Self.missingRole : AccessRequirement(allOfRoles: shape.roles)
            )
            var request = HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: path)
            request.headerFields[.authorization] = "Bearer " + token
            let response = try await middleware.handle(request, context: PipelineContext()) { _, context in
                PipelineResponse(head: HTTPResponse(status: .ok), body: Array(Self.body(context.authorization).utf8))
            }
            return Answer(
                status: response.head.status.code,
                challenge: response.head.headerFields[.wwwAuthenticate],
                body: String(decoding: response.body, as: UTF8.self)
            )
        }
    }

    #if Hummingbird
    @Test("Hummingbird", arguments: ProviderShape.all)
    func hummingbird(shape: ProviderShape) async throws {
        let strategy = APIStrategy(issuer: shape.issuer(shape.fetcher()))
        let router = Router(context: TokenGateRequestContext.self)
        router.group("orders")
            .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOfRoles: shape.roles))))
            .get { _, context in Self.body(context.identity) }
        router.group("orders/admin")
            .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy, requirement: Self.missingRole)))
            .get { _, context in Self.body(context.identity) }
        try await Application(router: router).test(.router) { client in
            try await Self.check(shape) { path, token in
                let response = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer " + token])
                return Answer(status: response.status.code, challenge: response.headers[.wwwAuthenticate], body: String(buffer: response.body))
            }
        }
    }
    #endif

    #if Vapor
    @Test("Vapor", arguments: ProviderShape.all)
    func vapor(shape: ProviderShape) async throws {
        let strategy = APIStrategy(issuer: shape.issuer(shape.fetcher()))
        try await withApp(configure: { app in
            app.grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOfRoles: shape.roles))))
                .get("orders") { req in Self.body(req.authorizationContext) }
            app.grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategy, requirement: Self.missingRole)))
                .get("orders", "admin") { req in Self.body(req.authorizationContext) }
        }) { app in
            try await Self.check(shape) { path, token in
                let response = try await app.testing().sendRequest(.GET, path, headers: ["Authorization": "Bearer " + token])
                return Answer(
                    status: Int(response.status.code),
                    challenge: response.headers.first(name: "WWW-Authenticate"),
                    body: response.body.string
                )
            }
        }
    }
    #endif
}
