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
    ///
    /// `GET` on the login path keeps a logged-in session (it goes straight to `returnTo`), so
    /// a link from another site cannot replace it. Logging out is a `POST` carrying the
    /// session's logout token (``TokenGate/WebAppStrategy/logoutForm(_:paths:)``); without it,
    /// 403. After the session is cleared, the browser goes to the provider's end-session
    /// endpoint when it has one (``TokenGate/WebAppStrategy/logoutLocation(_:paths:)``), else to
    /// `paths.afterLogout`. `GET` on the logout path only shows a page with that form.
    /// - Parameters:
    ///   - routes: Where to add them.
    ///   - paths: Their paths.
    public func addRoutes(to routes: any RoutesBuilder, paths: WebAppPaths = WebAppPaths()) {
        routes.get(Self.components(paths.login)) { request async -> Response in
            // Already logged in: keep the session (another site may have sent the browser here).
            let current = request.session.data[Self.tokensKey].flatMap(WebSessionTokens.init(encoded:))
            if current != nil, case .authorized(_, let refreshed) = await self.authorize(current) {
                if let refreshed { request.session.data[Self.tokensKey] = refreshed.encoded }
                return Self.vaporRedirect(Self.safeReturnPath(request.query[String.self, at: "returnTo"]))
            }
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
        routes.on(.POST, Self.components(paths.logout), body: .collect(maxSize: "16kb")) { request async -> Response in
            let tokens = request.session.data[Self.tokensKey].flatMap(WebSessionTokens.init(encoded:))
            let body = request.body.data.map { Array(buffer: $0) } ?? []
            guard Self.allowsLogout(tokens, formBody: body) else {
                return Self.vaporHTML(.forbidden, Self.logoutPage(tokens, paths: paths))
            }
            let location = await self.logoutLocation(tokens, paths: paths)
            request.session.destroy()
            return Self.vaporRedirect(location)
        }
        routes.get(Self.components(paths.logout)) { request async -> Response in
            let tokens = request.session.data[Self.tokensKey].flatMap(WebSessionTokens.init(encoded:))
            return Self.vaporHTML(.ok, Self.logoutPage(tokens, paths: paths))
        }
    }

    /// The logout page with ``TokenGate/WebAppStrategy/logoutPageHeaders``.
    static func vaporHTML(_ status: HTTPResponseStatus, _ html: String) -> Response {
        Response(status: status, headers: HTTPHeaders(Self.logoutPageHeaders.map { ($0.name, $0.value) }), body: .init(string: html))
    }

    static func vaporRedirect(_ location: String) -> Response {
        Response(status: .found, headers: ["Location": location, "Cache-Control": "no-store"])
    }

    static func components(_ path: String) -> [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }
}
#endif
