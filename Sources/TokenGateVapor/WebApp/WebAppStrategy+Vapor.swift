#if Vapor
public import TokenGate
public import Vapor

extension WebAppStrategy {
    static let loginKey = "tokengate.login"
    static let tokensKey = "tokengate.tokens"

    /// Vapor's session cookie settings for the browser login: `HttpOnly`, `SameSite=Lax` (the
    /// callback must carry the session), `Secure` unless served over http on loopback.
    ///
    /// ```swift
    /// app.sessions.use(.memory)
    /// app.sessions.configuration = WebAppStrategy.vaporSessionsConfiguration(secure: true)
    /// app.middleware.use(app.sessions.middleware)
    /// ```
    public static func vaporSessionsConfiguration(secure: Bool, cookieName: String = "vapor-session") -> SessionsConfiguration {
        SessionsConfiguration(cookieName: cookieName) { id in
            HTTPCookies.Value(string: id.string, maxAge: 12 * 3600, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
    }

    /// Adds the login, callback and logout routes (behind Vapor's `SessionsMiddleware`).
    /// - Parameters:
    ///   - routes: Where to add them.
    ///   - paths: Their paths.
    public func addRoutes(to routes: any RoutesBuilder, paths: WebAppPaths = WebAppPaths()) {
        routes.get(Self.components(paths.login)) { request async -> Response in
            let (pending, location) = self.startLogin(returnTo: request.query[String.self, at: "returnTo"])
            request.session.data[Self.loginKey] = pending.encoded
            request.session.data[Self.tokensKey] = nil
            return Self.vaporRedirect(location)
        }
        routes.get(Self.components(paths.callback)) { request async -> Response in
            let pending = request.session.data[Self.loginKey].flatMap(PendingLogin.init(encoded:))
            var query: [String: String] = [:]
            for name in ["code", "state", "error"] {
                if let value = request.query[String.self, at: name] { query[name] = value }
            }
            do throws(TokenGateError) {
                let (tokens, returnTo) = try await self.finishLogin(query: query, pending: pending)
                // A new session id at login, so a session fixed before it is worth nothing.
                request.session.id = nil
                request.session.data = SessionData(initialData: [Self.tokensKey: tokens.encoded])
                return Self.vaporRedirect(returnTo)
            } catch {
                request.session.destroy()
                let page = Self.failurePage(for: error, loginPath: paths.login)
                return Response(
                    status: HTTPResponseStatus(statusCode: page.status),
                    headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
                    body: .init(string: page.html)
                )
            }
        }
        let logout: @Sendable (Request) async -> Response = { request in
            await self.logout(request.session.data[Self.tokensKey].flatMap(WebSessionTokens.init(encoded:)))
            request.session.destroy()
            return Self.vaporRedirect(WebAppStrategy.safeReturnPath(paths.afterLogout))
        }
        routes.post(Self.components(paths.logout), use: logout)
        routes.get(Self.components(paths.logout), use: logout)
    }

    static func vaporRedirect(_ location: String) -> Response {
        Response(status: .found, headers: ["Location": location, "Cache-Control": "no-store"])
    }

    static func components(_ path: String) -> [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }
}
#endif
