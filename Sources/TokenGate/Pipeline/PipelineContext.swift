/// What a ``PipelineMiddleware`` is handed along with the request: the request's
/// authorization, once a guard (``APIStrategyMiddleware``) or the server has established it.
///
/// The framework adapters map it to their own state: Hummingbird's request context `identity`,
/// Vapor's `req.auth`.
public struct PipelineContext: Sendable {
    /// The request's authorization, if any.
    public var authorization: AuthorizationContext?

    /// Creates a context.
    /// - Parameter authorization: The request's authorization, if any.
    @inlinable
    public init(authorization: AuthorizationContext? = nil) {
        self.authorization = authorization
    }
}
