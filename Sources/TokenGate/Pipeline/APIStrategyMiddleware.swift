/// ``APIStrategy`` as a neutral ``PipelineMiddleware``: refused requests are answered here,
/// authorized ones continue with the ``AuthorizationContext`` in their context.
///
/// ```swift
/// let guardAPI = APIStrategyMiddleware<HTTPRequest, PipelineResponse, PipelineContext>(
///     strategy: strategy, requirement: AccessRequirement(allOf: ["read"]))
/// let response = try await guardAPI.handle(request, context: PipelineContext()) { request, context in
///     PipelineResponse(head: HTTPResponse(status: .ok), body: Array("hello \(context.authorization!.subject!)".utf8))
/// }
/// ```
public struct APIStrategyMiddleware<Input: AuthorizationFieldReadable, Output: FailureResponseRepresentable, Context: AuthorizationContextCarrying>:
    PipelineMiddleware
{
    /// The strategy.
    public let strategy: APIStrategy
    /// What the guarded routes require beyond a valid token.
    public let requirement: AccessRequirement
    /// Whether requests without credentials pass.
    public let mode: AuthenticationMode

    /// Creates the middleware.
    /// - Parameters:
    ///   - strategy: The strategy.
    ///   - requirement: What the guarded routes require beyond a valid token.
    ///   - mode: Whether requests without credentials pass.
    public init(strategy: APIStrategy, requirement: AccessRequirement = .none, mode: AuthenticationMode = .required) {
        self.strategy = strategy
        self.requirement = requirement
        self.mode = mode
    }

    /// Authorizes the request, then calls `next` with the context set, or answers the refusal.
    @inlinable
    public func handle(_ input: Input, context: Context, next: (Input, Context) async throws -> Output) async throws -> Output {
        let outcome = await self.strategy.authorize(
            established: context.authorization,
            authorizationField: input.authorizationField,
            requirement: self.requirement,
            mode: self.mode
        )
        switch outcome {
        case .authorized(let authorization):
            var context = context
            context.authorization = authorization
            return try await next(input, context)
        case .anonymous:
            // A context attached before (a session's, another strategy's) is not this guard's.
            var context = context
            context.authorization = nil
            return try await next(input, context)
        case .refused(let failure):
            return Output(failureResponse: self.strategy.response(for: failure))
        }
    }
}
