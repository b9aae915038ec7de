#if Hummingbird
public import Hummingbird
public import HummingbirdAuth
public import TokenGate

/// A child request context for routes behind ``TokenGate/APIStrategyMiddleware`` (in a ``PipelineRouterMiddleware``): the
/// authorization is non-optional, so handlers need no unwrapping.
///
/// ```swift
/// router.group("api/protected")
///     .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy)))
///     .group(context: AuthorizedRequestContext.self)
///     .get { _, context in context.authorization.scopes.sorted().joined(separator: " ") }
/// ```
///
/// Creating it for a request without an authorization (a group without the middleware, or
/// in `.optional` mode) answers 401 with a bare `Bearer` challenge.
public struct AuthorizedRequestContext<ParentContext: AuthRequestContext>: ChildRequestContext
where ParentContext.Identity == AuthorizationContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The request's authorization.
    public let authorization: AuthorizationContext

    /// Creates the context from the parent's.
    /// - Throws: `HTTPError(.unauthorized)` when the parent has no authorization.
    @inlinable
    public init(context: ParentContext) throws {
        guard let authorization = context.identity else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"])
        }
        self.coreContext = .init(source: context)
        self.authorization = authorization
    }
}
#endif
