#if Vapor
public import TokenGate
public import Vapor

extension AuthorizationContext: Authenticatable {}

extension Request {
    /// The request's authorization, set by ``TokenGate/APIStrategyMiddleware`` (in a ``PipelineAsyncMiddleware``); `nil` for an
    /// anonymous request in `.optional` mode or a route without the middleware.
    public var authorizationContext: AuthorizationContext? {
        self.auth.get(AuthorizationContext.self)
    }

    /// The request's authorization.
    /// - Throws: `Abort(.unauthorized)` with a bare `Bearer` challenge when there is none.
    public func requireAuthorizationContext() throws -> AuthorizationContext {
        guard let context = self.authorizationContext else {
            throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"])
        }
        return context
    }
}
#endif
