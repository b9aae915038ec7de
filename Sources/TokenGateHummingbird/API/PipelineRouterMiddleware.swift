#if Hummingbird
public import Hummingbird
public import HummingbirdAuth
public import TokenGate

/// Runs any ``TokenGate/PipelineMiddleware`` in a Hummingbird router: the middleware gets the
/// request's head and the context's `identity` as ``TokenGate/PipelineContext/authorization``;
/// what it hands to `next` becomes the request and `identity` of the rest of the chain; its
/// answer (or the handler's response, head adjusted) is the response, whose body streams
/// through untouched.
///
/// With ``TokenGate/APIStrategyMiddleware`` it guards routes with bearer tokens: a refused
/// request is answered here (401/400/403/503 as docs/behaviour.md lists), an authorized one
/// continues with the ``TokenGate/AuthorizationContext`` as the context's `identity`.
///
/// ```swift
/// let router = Router(context: TokenGateRequestContext.self)
/// router.group("api/protected")
///     .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy)))
///     .group(context: AuthorizedRequestContext.self)
///     .get { _, context in "Hello \(context.authorization.subject ?? "client")" }
/// router.group("api/protected/admin")
///     .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOf: ["admin"]))))
/// ```
public struct PipelineRouterMiddleware<Middleware: PipelineMiddleware, Context: AuthRequestContext>: RouterMiddleware
where Context.Identity == AuthorizationContext {
    /// The middleware run.
    public let middleware: Middleware

    /// Creates the bridge.
    /// - Parameter middleware: The framework-neutral middleware to run.
    public init(_ middleware: Middleware) {
        self.middleware = middleware
    }

    /// Runs the middleware with the request's head and `identity`.
    ///
    /// (`@concurrent` matches Hummingbird's protocol, which is compiled without
    /// NonisolatedNonsendingByDefault. `@inlinable` so that it is specialized for your
    /// middleware and context types in your module, as hummingbird-auth's middlewares are.)
    @inlinable
    @concurrent
    public func handle(
        _ request: Request,
        context: Context,
        next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        try await self.middleware.handle(request.head, context: PipelineContext(authorization: context.identity)) { head, pipelineContext in
            var context = context
            context.identity = pipelineContext.authorization
            // A head the middleware left as it was keeps the request (and its parsed URI).
            return try await next(head.isUnchanged(from: request.head) ? request : Request(head: head, body: request.body), context)
        }
    }
}
#endif
