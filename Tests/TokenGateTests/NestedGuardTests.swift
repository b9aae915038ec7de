import HTTPTypes
import Testing
import TokenGateTesting

@testable import TokenGate

#if Hummingbird
import Hummingbird
import HummingbirdAuth
import HummingbirdTesting
import TokenGateHummingbird
#endif
#if Vapor
import Vapor
import VaporTesting
import TokenGateVapor
#endif

/// A guard reuses a context only when it established that context itself from a bearer token:
/// another strategy's context, or one that a session or the application attached, never
/// satisfies it (the `Authorization` header is verified instead).
@Suite("Nested guards")
struct NestedGuardTests {
    /// Two strategies over one issuer's keys: the outer accepts audience `client-1` (the
    /// fixtures' tokens), the inner only `api-b`.
    struct Strategies {
        let harness: PipelineHarness
        let outer: APIStrategy
        let inner: APIStrategy

        static func make() async throws -> Strategies {
            let harness = try await PipelineHarness.make()
            let inner = IssuerVerifier(
                verifier: Fixtures.verifier { $0.audience = .oneOf(["api-b"]) },
                keys: harness.keys.cache,
                tokenCache: harness.tokenCache,
                wallClock: harness.clock
            )
            return Strategies(harness: harness, outer: harness.strategy, inner: APIStrategy(issuer: inner, configuration: .appID))
        }
    }

    static let forInner = try! Fixtures.rs256.token(claims: Fixtures.claims(["aud": ["api-b"]]))

    /// A context as a web session, an authenticator of the application or a test would attach it.
    static func attached() throws -> AuthorizationContext {
        let token = try Fixtures.verifier().verify(PipelineTokens.admin, keys: Fixtures.keySet, now: Fixtures.now)
        return AuthorizationContext(accessToken: token)
    }

    static func status(_ outcome: AuthorizationOutcome) -> Int {
        switch outcome {
        case .authorized: 200
        case .anonymous: 0
        case .refused(let failure): failure.kind.status.code
        }
    }

    @Test("Neutral: another strategy's context is not reused; the header is verified by the inner strategy")
    func neutralOtherStrategy() async throws {
        let strategies = try await Strategies.make()
        guard case .authorized(let outer) = await strategies.outer.authorize(authorizationField: "Bearer \(PipelineTokens.admin)") else {
            Issue.record("the outer strategy refused its own token")
            return
        }
        func inner(_ field: Substring?) async -> Int {
            Self.status(await strategies.inner.authorize(established: outer, authorizationField: field, requirement: .none, mode: .required))
        }
        #expect(await inner("Bearer \(PipelineTokens.admin)") == 401)
        #expect(await inner(nil) == 401)
        #expect(await inner("Bearer \(Self.forInner)") == 200)
        // The same strategy reuses its own context without reading the field.
        let same = await strategies.outer.authorize(established: outer, authorizationField: "Bearer not-read", requirement: .none, mode: .required)
        #expect(Self.status(same) == 200)
        try await strategies.harness.close()
    }

    @Test("Neutral: a context the application attached never satisfies a guard")
    func neutralAttached() async throws {
        let strategies = try await Strategies.make()
        let attached = try Self.attached()
        let outcome = await strategies.outer.authorize(established: attached, authorizationField: nil, requirement: .none, mode: .required)
        #expect(Self.status(outcome) == 401)
        let optional = await strategies.outer.authorize(established: attached, authorizationField: nil, requirement: .none, mode: .optional)
        #expect(Self.status(optional) == 0)
        try await strategies.harness.close()
    }

    #if Hummingbird
    /// Attaches a context the way a session authenticator would.
    struct AttachMiddleware: RouterMiddleware {
        typealias Context = TokenGateRequestContext
        let context: AuthorizationContext
        @concurrent
        func handle(
            _ request: Hummingbird.Request,
            context: Context,
            next: @concurrent (Hummingbird.Request, Context) async throws -> Hummingbird.Response
        ) async throws -> Hummingbird.Response {
            var context = context
            context.identity = self.context
            return try await next(request, context)
        }
    }

    static func hummingbird(_ strategies: Strategies, attached: AuthorizationContext) -> some ApplicationProtocol {
        let router = Router(context: TokenGateRequestContext.self)
        router.group("outer").add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategies.outer)))
            .group("inner").add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategies.inner)))
            .get { _, context in context.identity?.subject ?? "-" }
        router.group("session").add(middleware: AttachMiddleware(context: attached))
            .group("api").add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategies.outer)))
            .get { _, context in context.identity?.subject ?? "-" }
        router.group("session").add(middleware: AttachMiddleware(context: attached))
            .group("optional").add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategies.outer, mode: .optional)))
            .get { _, context in context.identity?.subject ?? "anonymous" }
        return Hummingbird.Application(router: router)
    }

    @Test("Hummingbird: nested guards of two strategies, and an API guard behind a session")
    func hummingbird() async throws {
        let strategies = try await Strategies.make()
        try await Self.hummingbird(strategies, attached: Self.attached()).test(.router) { client in
            func get(_ path: String, _ token: String?) async throws -> TestResponse {
                try await client.execute(uri: path, method: .get, headers: HummingbirdAdapterTests.headers(token.map { "Bearer " + $0 }))
            }
            #expect(try await get("/outer/inner", PipelineTokens.admin).status == .unauthorized)
            // A token for the inner strategy only: the outer guard refuses it first.
            #expect(try await get("/outer/inner", Self.forInner).status == .unauthorized)
            #expect(try await get("/session/api", nil).status == .unauthorized)
            #expect(try await get("/session/api", PipelineTokens.access).status == .ok)
            let optional = try await get("/session/optional", nil)
            #expect(String(buffer: optional.body) == "anonymous")
        }
        try await strategies.harness.close()
    }
    #endif

    #if Vapor
    /// Logs a context in the way a session authenticator would.
    struct LoginMiddleware: AsyncMiddleware {
        let context: AuthorizationContext
        @concurrent
        func respond(to request: Vapor.Request, chainingTo next: any AsyncResponder) async throws -> Vapor.Response {
            request.auth.login(self.context)
            return try await next.respond(to: request)
        }
    }

    @Test("Vapor: nested guards of two strategies, and an API guard behind a session")
    func vapor() async throws {
        let strategies = try await Strategies.make()
        let attached = try Self.attached()
        try await withApp(configure: { app in
            app.grouped("outer").grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategies.outer)))
                .grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategies.inner)))
                .get("inner") { req in req.authorizationContext?.subject ?? "-" }
            app.grouped("session").grouped(LoginMiddleware(context: attached))
                .grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategies.outer)))
                .get("api") { req in req.authorizationContext?.subject ?? "-" }
            app.grouped("session").grouped(LoginMiddleware(context: attached))
                .grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategies.outer, mode: .optional)))
                .get("optional") { req in req.authorizationContext?.subject ?? "anonymous" }
        }) { app in
            func get(_ path: String, _ token: String?) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(.GET, path, headers: VaporAdapterTests.headers(token.map { "Bearer " + $0 }))
            }
            let nested = try await get("/outer/inner", PipelineTokens.admin)
            #expect(nested.status == .unauthorized)
            let session = try await get("/session/api", nil)
            #expect(session.status == .unauthorized)
            let bearer = try await get("/session/api", PipelineTokens.access)
            #expect(bearer.status == .ok)
            let optional = try await get("/session/optional", nil)
            #expect(optional.body.string == "anonymous")
        }
        try await strategies.harness.close()
    }
    #endif
}
