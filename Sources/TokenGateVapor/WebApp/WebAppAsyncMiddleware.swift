#if Vapor
public import TokenGate
public import Vapor

/// Guards browser pages in Vapor: a session with valid tokens continues with the
/// ``TokenGate/AuthorizationContext`` logged in (`req.authorizationContext`); any other `GET`
/// is redirected to the login, which returns to the page asked for; other methods get 401.
///
/// ```swift
/// app.grouped(WebAppAsyncMiddleware(webApp)).get("account") { req in
///     "Hello \(try req.requireAuthorizationContext().identityTokenPayload?["name"]?.stringValue ?? "")"
/// }
/// ```
public struct WebAppAsyncMiddleware: AsyncMiddleware {
    /// The strategy.
    public let strategy: WebAppStrategy
    /// Where the login starts.
    public let paths: WebAppPaths

    /// Creates the middleware.
    public init(_ strategy: WebAppStrategy, paths: WebAppPaths = WebAppPaths()) {
        self.strategy = strategy
        self.paths = paths
    }

    /// Authorizes the session, or redirects to the login.
    @concurrent
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let tokens = request.session.data[WebAppStrategy.tokensKey].flatMap(WebSessionTokens.init(encoded:))
        switch await self.strategy.authorize(tokens) {
        case .authorized(let authorization, let refreshed):
            if let refreshed { request.session.data[WebAppStrategy.tokensKey] = refreshed.encoded }
            request.auth.login(authorization)
            return try await next.respond(to: request)
        case .loginRequired:
            guard request.method == .GET || request.method == .HEAD else {
                return Response(status: .unauthorized, headers: ["Cache-Control": "no-store"])
            }
            let target = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return WebAppStrategy.vaporRedirect(WebAppStrategy.loginLocation(returningTo: target, paths: self.paths))
        }
    }
}
#endif
