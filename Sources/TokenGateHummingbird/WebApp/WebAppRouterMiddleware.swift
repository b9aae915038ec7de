#if Hummingbird
public import Hummingbird
public import HummingbirdAuth
public import TokenGate

/// Guards browser pages: a session with valid tokens continues with the
/// ``TokenGate/AuthorizationContext`` as `identity` (tokens refreshed shortly before they
/// expire); any other `GET` is redirected to the login, which returns to the page asked for;
/// other methods get 401.
///
/// ```swift
/// router.group("account")
///     .add(middleware: WebAppRouterMiddleware(webApp))
///     .get { _, context in "Hello \(context.identity?.identityTokenPayload?["name"]?.stringValue ?? "")" }
/// ```
public struct WebAppRouterMiddleware<Context: SessionRequestContext & AuthRequestContext>: RouterMiddleware
where Context.Session == WebAppSession, Context.Identity == AuthorizationContext {
    /// The strategy.
    public let strategy: WebAppStrategy
    /// Where the login starts.
    public let paths: WebAppPaths

    /// Creates the middleware.
    /// - Parameters:
    ///   - strategy: The strategy.
    ///   - paths: Where the login starts (the same as for ``TokenGate/WebAppStrategy/addRoutes(to:paths:)``).
    public init(_ strategy: WebAppStrategy, paths: WebAppPaths = WebAppPaths()) {
        self.strategy = strategy
        self.paths = paths
    }

    /// Authorizes the session, or redirects to the login.
    @concurrent
    public func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        let tokens = context.sessions.session?.tokens.flatMap(WebSessionTokens.init(encoded:))
        switch await self.strategy.authorize(tokens) {
        case .authorized(let authorization, let refreshed):
            if let refreshed { _ = context.sessions.updateSession(WebAppSession(tokens: refreshed.encoded)) }
            var context = context
            context.identity = authorization
            return try await next(request, context)
        case .loginRequired:
            guard request.method == .get || request.method == .head else {
                return Response(status: .unauthorized, headers: [.cacheControl: "no-store"])
            }
            let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return WebAppStrategy.redirect(WebAppStrategy.loginLocation(returningTo: target, paths: self.paths))
        }
    }
}
#endif
