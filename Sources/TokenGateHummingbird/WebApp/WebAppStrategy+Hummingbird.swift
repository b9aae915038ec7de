#if Hummingbird
public import Hummingbird
public import HummingbirdAuth
import NIOCore
public import TokenGate

extension WebAppStrategy {
    /// Session cookie settings for the browser login: `HttpOnly`, `SameSite=Lax` (so the
    /// callback, a top-level navigation from the issuer, still carries the session; `Strict`
    /// would silently lose it), and `Secure` unless the app is served over plain http on loopback.
    /// - Parameter secure: Whether the cookie is `Secure` (pass `false` only for http on 127.0.0.1).
    public static func sessionConfiguration(secure: Bool, cookieName: String = "SESSION_ID") -> SessionMiddlewareConfiguration {
        SessionMiddlewareConfiguration(
            sessionCookieParameters: SessionCookieParameters(name: cookieName, path: "/", secure: secure, sameSite: .lax),
            defaultSessionExpiration: .seconds(12 * 3600)
        )
    }

    /// Adds the login, callback and logout routes.
    ///
    /// `GET` on the login path keeps a logged-in session (it goes straight to `returnTo`), so
    /// a link from another site cannot replace it. Logging out is a `POST` carrying the
    /// session's logout token (``TokenGate/WebAppStrategy/logoutForm(_:paths:)``); without it,
    /// 403. After the session is cleared, the browser goes to the provider's end-session
    /// endpoint when it has one (``TokenGate/WebAppStrategy/logoutLocation(_:paths:)``), else to
    /// `paths.afterLogout`. `GET` on the logout path only shows a page with that form.
    ///
    /// ```swift
    /// let router = Router(context: TokenGateWebRequestContext.self)
    /// router.add(middleware: SessionMiddleware(storage: MemoryPersistDriver(), configuration: WebAppStrategy.sessionConfiguration(secure: false)))
    /// webApp.addRoutes(to: router)
    /// router.group("account").add(middleware: WebAppRouterMiddleware(webApp))
    ///     .get { _, context in "Hello \(context.identity?.identityTokenPayload?["name"]?.stringValue ?? "")" }
    /// ```
    /// - Parameters:
    ///   - router: A router whose context carries a ``WebAppSession`` session and an
    ///     `AuthorizationContext` identity, behind hummingbird-auth's `SessionMiddleware`.
    ///   - paths: Where the routes go.
    public func addRoutes<Context: SessionRequestContext & AuthRequestContext>(to router: Router<Context>, paths: WebAppPaths = WebAppPaths())
    where Context.Session == WebAppSession, Context.Identity == AuthorizationContext {
        router.get(RouterPath(paths.login)) { request, context in
            let returnTo = request.uri.queryParameters["returnTo"].map(String.init)
            // Already logged in: keep the session (another site may have sent the browser here).
            let current = context.sessions.session?.tokens.flatMap(WebSessionTokens.init(encoded:))
            if current != nil, case .authorized(_, let refreshed) = await self.authorize(current) {
                if let refreshed { _ = context.sessions.updateSession(WebAppSession(tokens: refreshed.encoded)) }
                return Self.redirect(Self.safeReturnPath(returnTo))
            }
            let (pending, location) = self.startLogin(returnTo: returnTo)
            context.sessions.createSession(WebAppSession(login: pending.encoded), expiresIn: self.configuration.loginTimeout)
            return Self.redirect(location)
        }
        router.get(RouterPath(paths.callback)) { request, context in
            let pending = context.sessions.session?.login.flatMap(PendingLogin.init(encoded:))
            var query: [String: String] = [:]
            for (name, value) in request.uri.queryParameters where query[String(name)] == nil { query[String(name)] = String(value) }
            do throws(TokenGateError) {
                let (tokens, returnTo) = try await self.finishLogin(query: query, pending: pending)
                // A new session id at login, so a session fixed before it is worth nothing.
                context.sessions.createSession(WebAppSession(tokens: tokens.encoded))
                return Self.redirect(returnTo)
            } catch {
                context.sessions.clearSession()
                return Self.failurePage(error, loginPath: paths.login)
            }
        }
        router.post(RouterPath(paths.logout)) { request, context in
            let tokens = context.sessions.session?.tokens.flatMap(WebSessionTokens.init(encoded:))
            let body = try await request.body.collect(upTo: 16 * 1024)
            guard Self.allowsLogout(tokens, formBody: Array(buffer: body)) else {
                return Self.htmlResponse(.forbidden, Self.logoutPage(tokens, paths: paths))
            }
            let location = await self.logoutLocation(tokens, paths: paths)
            context.sessions.clearSession()
            return Self.redirect(location)
        }
        router.get(RouterPath(paths.logout)) { _, context in
            let tokens = context.sessions.session?.tokens.flatMap(WebSessionTokens.init(encoded:))
            return Self.htmlResponse(.ok, Self.logoutPage(tokens, paths: paths))
        }
    }

    /// The logout page with ``TokenGate/WebAppStrategy/logoutPageHeaders``.
    static func htmlResponse(_ status: HTTPResponse.Status, _ html: String) -> Response {
        var headers = HTTPFields()
        for header in Self.logoutPageHeaders {
            if let name = HTTPFields.Element.Name(header.name) { headers.append(HTTPFields.Element(name: name, value: header.value)) }
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .found, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func failurePage(_ error: TokenGateError, loginPath: String) -> Response {
        let page = Self.failurePage(for: error, loginPath: loginPath)
        return Response(
            status: HTTPResponse.Status(code: page.status),
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: page.html))
        )
    }
}
#endif
