/// A minimal context for the neutral pipeline: the authorization, once established.
public struct PipelineContext: Sendable, AuthorizationContextCarrying {
    /// The request's authorization, set by ``APIStrategyMiddleware``.
    public var authorization: AuthorizationContext?

    /// Creates an empty context.
    public init() {}
}
