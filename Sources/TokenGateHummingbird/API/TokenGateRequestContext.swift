#if Hummingbird
public import Hummingbird
public import HummingbirdAuth
public import TokenGate

/// A ready-made Hummingbird request context that carries an optional ``TokenGate/AuthorizationContext``:
/// hummingbird-auth's `BasicAuthRequestContext<AuthorizationContext>`, as a concrete type.
///
/// ```swift
/// let router = Router(context: TokenGateRequestContext.self)
/// ```
///
/// (Concrete rather than the generic `BasicAuthRequestContext`: Hummingbird's router calls a
/// context's members through its protocols, and for an instance of a generic type every such
/// call looks the type's metadata up at run time, several times per request.)
public struct TokenGateRequestContext: AuthRequestContext, RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The request's authorization, once ``TokenGate/APIStrategyMiddleware`` (in a ``PipelineRouterMiddleware``) has established it.
    public var identity: AuthorizationContext?

    /// Creates the context for a request.
    /// - Parameter source: What the application knows of the request's channel.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
    }
}
#endif
