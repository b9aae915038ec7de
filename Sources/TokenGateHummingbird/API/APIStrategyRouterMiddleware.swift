#if Hummingbird
public import Hummingbird
public import HummingbirdAuth
public import TokenGate

/// Guards Hummingbird routes with an ``TokenGate/APIStrategy``: a refused request is answered
/// here (401/400/403/503 as docs/behaviour.md lists), an authorized one continues with the
/// ``TokenGate/AuthorizationContext`` as the context's `identity`.
///
/// ```swift
/// let router = Router(context: TokenGateRequestContext.self)
/// router.group("api/protected")
///     .add(middleware: APIStrategyRouterMiddleware(strategy))
///     .group(context: AuthorizedRequestContext.self)
///     .get { _, context in "Hello \(context.authorization.subject ?? "client")" }
/// router.group("api/protected/admin")
///     .add(middleware: APIStrategyRouterMiddleware(strategy, requirement: AccessRequirement(allOf: ["admin"])))
/// ```
public struct APIStrategyRouterMiddleware<Context: AuthRequestContext>: RouterMiddleware where Context.Identity == AuthorizationContext {
    /// The strategy.
    public let strategy: APIStrategy
    /// What the guarded routes require beyond a valid token.
    public let requirement: AccessRequirement
    /// Whether requests without credentials pass (with `identity` left `nil`).
    public let mode: AuthenticationMode

    /// Creates the middleware.
    /// - Parameters:
    ///   - strategy: The strategy.
    ///   - requirement: What the guarded routes require beyond a valid token.
    ///   - mode: Whether requests without credentials pass.
    public init(_ strategy: APIStrategy, requirement: AccessRequirement = .none, mode: AuthenticationMode = .required) {
        self.strategy = strategy
        self.requirement = requirement
        self.mode = mode
    }

    /// Authorizes the request, then calls `next` with `identity` set, or answers the refusal.
    ///
    /// (`@concurrent` matches Hummingbird's protocol, which is compiled without
    /// NonisolatedNonsendingByDefault. `@inlinable` so that it is specialized for your context
    /// type in your module, as hummingbird-auth's middlewares are.)
    @inlinable
    @concurrent
    public func handle(
        _ request: Request,
        context: Context,
        next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        let outcome = await self.strategy.authorize(
            established: context.identity,
            authorizationField: request.headers.authorizationField,
            requirement: self.requirement,
            mode: self.mode
        )
        switch outcome {
        case .authorized(let authorization):
            var context = context
            context.identity = authorization
            return try await next(request, context)
        case .anonymous:
            // A context attached before (a session's, another strategy's) is not this guard's.
            var context = context
            context.identity = nil
            return try await next(request, context)
        case .refused(let failure):
            return Response(self.strategy.response(for: failure))
        }
    }
}
#endif
