public import HTTPTypes

/// ``APIStrategy`` as a ``PipelineMiddleware``: a refused request is answered here (401, 400,
/// 403 or 503 as docs/behaviour.md lists); an authorized one continues with the
/// ``AuthorizationContext`` in its context.
///
/// Nested guards: a context this strategy established from a bearer token (an outer guard of
/// the same strategy) is reused, and only this guard's requirement is checked; any other
/// context (another strategy's, a browser session's, the application's) is ignored and the
/// `Authorization` field verified. When a request without credentials passes in `.optional`
/// mode, a context attached before is removed, so the route never sees it.
///
/// ```swift
/// let guardAPI = APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOf: ["read"]))
/// let response = try await guardAPI.handle(request, context: PipelineContext()) { request, context in
///     PipelineResponse(head: HTTPResponse(status: .ok), body: Array("hello \(context.authorization!.subject!)".utf8))
/// }
/// ```
public struct APIStrategyMiddleware: PipelineMiddleware {
    /// The strategy.
    public let strategy: APIStrategy
    /// What the guarded routes require beyond a valid token.
    public let requirement: AccessRequirement
    /// Whether requests without credentials pass (without a context).
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

    /// Authorizes the request, then calls `next` with the context set, or answers the refusal.
    ///
    /// (`@inlinable` so that it is specialized for the server's response type in the adapter's caller.)
    @inlinable
    public func handle<Output: PipelineOutput>(
        _ request: HTTPRequest,
        context: PipelineContext,
        next: (HTTPRequest, PipelineContext) async throws -> Output
    ) async throws -> Output {
        let outcome = await self.strategy.authorize(
            established: context.authorization,
            authorizationField: request.headerFields.authorizationField,
            requirement: self.requirement,
            mode: self.mode
        )
        var context = context
        switch outcome {
        case .authorized(let authorization):
            context.authorization = authorization
            return try await next(request, context)
        case .anonymous:
            context.authorization = nil
            return try await next(request, context)
        case .refused(let failure):
            return Output(self.strategy.response(for: failure))
        }
    }
}
