#if Hummingbird
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import TokenGate

extension LocalIssuer {
    /// The browser side: the authorization endpoint's login form, the profiles API, and the
    /// administration pages (applications and users) behind the admin token.
    func addPages(to router: Router<BasicRequestContext>) {
        let oauth = router.group("oauth/v4/:tenantId")
        oauth.get("authorization") { request, context in
            await self.page { try self.authorizationPage(request, context) }
        }
        oauth.post("authorization") { request, context in
            await self.page { try await self.authorizationSubmit(request, context) }
        }
        // RP-Initiated Logout 1.0 §2: the end-session endpoint answers GET and POST.
        oauth.get("logout") { request, context in
            await self.page { try self.endSession(context, parameters: try FormParameters.urlEncoded(Array((request.uri.query ?? "").utf8))) }
        }
        oauth.post("logout") { request, context in
            await self.page { try self.endSession(context, parameters: try await self.form(request)) }
        }

        let attributes = router.group("api/v1/attributes")
        attributes.get { request, _ in
            await self.profile(request, scope: "appid_readuserattr") { tenantID, userID in
                IssuerResponse.json(.object(try self.attributes(tenantID: tenantID, userID: userID)))
            }
        }
        attributes.get(":name") { request, context in
            await self.profile(request, scope: "appid_readuserattr") { tenantID, userID in
                guard let value = try self.attributes(tenantID: tenantID, userID: userID)[context.parameters.get("name") ?? ""] else {
                    throw LocalIssuerError(.notFound, "no such attribute")
                }
                return IssuerResponse.json(value)
            }
        }
        attributes.put(":name") { request, context in
            await self.profile(request, scope: "appid_writeuserattr") { tenantID, userID in
                let bytes = try await self.readBody(request)
                // The value is JSON; a body that is not JSON is kept as a string.
                let value = (try? JSONParser.parse(bytes, maximumDepth: 16)) ?? .string(String(decoding: bytes, as: UTF8.self))
                try self.setAttribute(tenantID: tenantID, userID: userID, name: context.parameters.get("name") ?? "", value: value)
                return IssuerResponse.json(value)
            }
        }
        attributes.delete(":name") { request, context in
            await self.profile(request, scope: "appid_writeuserattr") { tenantID, userID in
                try self.deleteAttribute(tenantID: tenantID, userID: userID, name: context.parameters.get("name") ?? "")
                return IssuerResponse.noContent()
            }
        }

        router.get("admin") { request, _ in
            await self.page {
                guard try self.adminSession(request) != nil else { return Self.redirect("/admin/login") }
                return Self.redirect("/admin/tenants/\(self.configuration.tenantIDs[0])/applications")
            }
        }
        router.get("admin/login") { _, _ in
            await self.page { try self.adminLoginPage(error: nil) }
        }
        router.post("admin/login") { request, _ in
            await self.page { try await self.adminLogin(request) }
        }
        router.post("admin/logout") { request, _ in
            await self.page {
                if let (id, session) = try self.adminSession(request) {
                    let form = try await self.form(request)
                    guard let csrf = form["csrf"], constantTimeEqual(Array(csrf.utf8), Array(session.csrf.utf8)) else {
                        throw LocalIssuerError(.invalidRequest, "the form is stale; reload the page")
                    }
                    _ = self.state.withLock { $0.adminSessions.removeValue(forKey: id) }
                }
                var response = Self.redirect("/admin/login")
                response.setCookie(Cookie(name: Self.adminCookie, value: "", maxAge: 0, path: "/admin", httpOnly: true, sameSite: .strict))
                return response
            }
        }
        router.get("admin/tenants/:tenantId/applications") { request, context in
            await self.admin(request, context) { tenantID, session, _ in
                try self.applicationsPage(tenantID: tenantID, session: session)
            }
        }
        router.post("admin/tenants/:tenantId/applications") { request, context in
            await self.admin(request, context, form: true) { tenantID, session, form in
                let name = form["name"] ?? ""
                do {
                    let created = try self.registerApplication(tenantID: tenantID, name: name)
                    return try self.applicationsPage(tenantID: tenantID, session: session, created: created)
                } catch let error as LocalIssuerError where error.code == .invalidRequest {
                    return try self.applicationsPage(tenantID: tenantID, session: session, error: error.message, name: name)
                }
            }
        }
        router.post("admin/tenants/:tenantId/applications/:clientId/delete") { request, context in
            await self.admin(request, context, form: true) { tenantID, _, _ in
                try self.deleteApplication(tenantID: tenantID, clientID: context.parameters.get("clientId") ?? "")
                return Self.redirect("/admin/tenants/\(tenantID)/applications")
            }
        }
        router.get("admin/tenants/:tenantId/users") { request, context in
            await self.admin(request, context) { tenantID, session, _ in
                try self.usersPage(tenantID: tenantID, session: session)
            }
        }
        router.post("admin/tenants/:tenantId/users") { request, context in
            await self.admin(request, context, form: true) { tenantID, session, form in
                do {
                    _ = try self.addUser(tenantID: tenantID, email: form["email"] ?? "", password: form["password"] ?? "", name: form["name"])
                    return Self.redirect("/admin/tenants/\(tenantID)/users")
                } catch let error as LocalIssuerError where error.code == .invalidRequest || error.code == .conflict {
                    return try self.usersPage(tenantID: tenantID, session: session, error: error.message)
                }
            }
        }
        router.post("admin/tenants/:tenantId/users/:userId/delete") { request, context in
            await self.admin(request, context, form: true) { tenantID, _, _ in
                try self.removeUser(tenantID: tenantID, id: context.parameters.get("userId") ?? "")
                return Self.redirect("/admin/tenants/\(tenantID)/users")
            }
        }
    }

    // MARK: - Authorization endpoint

    static let loginCookie = "appid_login_csrf"
    static let adminCookie = "appid_admin_session"

    private func authorizationPage(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        let tenantID = context.parameters.get("tenantId") ?? ""
        let parameters = try FormParameters.urlEncoded(Array((request.uri.query ?? "").utf8))
        let authorization: AuthorizationRequest
        do {
            authorization = try self.checkAuthorizationRequest(tenantID: tenantID, parameters: parameters)
        } catch {
            return Self.refusal(error)
        }
        let csrf = Base64URL.random()
        var response = self.loginForm(tenantID: tenantID, request: authorization, csrf: csrf, email: "", error: nil, status: .ok)
        response.setCookie(
            Cookie(name: Self.loginCookie, value: csrf, path: "/oauth/v4/\(tenantID)/authorization", httpOnly: true, sameSite: .strict)
        )
        return response
    }

    private func authorizationSubmit(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let tenantID = context.parameters.get("tenantId") ?? ""
        let form = try await self.form(request)
        let authorization: AuthorizationRequest
        do {
            authorization = try self.checkAuthorizationRequest(tenantID: tenantID, parameters: form)
        } catch {
            return Self.refusal(error)
        }
        guard let cookie = request.cookies[Self.loginCookie]?.value, let csrf = form["csrf"],
            constantTimeEqual(Array(cookie.utf8), Array(csrf.utf8))
        else {
            return Self.html(
                Pages.render(
                    "error",
                    [
                        "title": "Sign-in form expired",
                        "message": "The sign-in form is stale or was not sent by this browser. Go back to the application and start again.",
                    ]
                ),
                status: .forbidden
            )
        }
        let email = form["email"] ?? ""
        let password = form["password"] ?? ""
        let outcome = Result { () throws(LocalIssuerError) -> String in
            try self.issueCode(tenantID: tenantID, request: authorization, email: email, password: password)
        }
        switch outcome {
        case .success(let location):
            var response = Self.redirect(location)
            response.setCookie(
                Cookie(name: Self.loginCookie, value: "", maxAge: 0, path: "/oauth/v4/\(tenantID)/authorization", httpOnly: true, sameSite: .strict)
            )
            return response
        case .failure(let error) where error.code == .invalidGrant || error.code == .tooManyRequests:
            let locked = error.code == .tooManyRequests
            var response = self.loginForm(
                tenantID: tenantID,
                request: authorization,
                csrf: csrf,
                email: email,
                error: locked ? error.message : "Invalid email or password.",
                status: locked ? .tooManyRequests : .unauthorized
            )
            if let retry = error.retryAfterSeconds { response.headers[.retryAfter] = String(retry) }
            return response
        case .failure(let error):
            throw error
        }
    }

    private func loginForm(tenantID: String, request: AuthorizationRequest, csrf: String, email: String, error: String?, status: HTTPResponse.Status)
        -> Response
    {
        var values: [String: Any] = [
            "title": "Sign in",
            "applicationName": request.applicationName,
            "tenantID": tenantID,
            "action": "/oauth/v4/\(tenantID)/authorization",
            "fields": request.hiddenFields.map { ["name": $0.0, "value": $0.1] },
            "csrf": csrf,
            "email": email,
        ]
        if let error { values["error"] = error }
        // The form posts here, and the answer redirects to the (registered) redirect URI: a
        // browser checks `form-action` against both.
        let targets = Self.origin(of: request.redirectURI).map { [$0] } ?? []
        return Self.html(Pages.render("login", values), status: status, formTargets: targets)
    }

    private static func refusal(_ error: AuthorizationRequestError) -> Response {
        if let location = error.location { return Self.redirect(location) }
        return Self.html(Pages.render("error", ["title": "Invalid sign-in request", "message": error.description]), status: .badRequest)
    }

    /// The end-session endpoint: a redirect to the checked `post_logout_redirect_uri`, or a
    /// "signed out" page.
    private func endSession(_ context: BasicRequestContext, parameters: [String: String]) throws -> Response {
        let tenantID = context.parameters.get("tenantId") ?? ""
        if let location = try self.endSessionLocation(tenantID: tenantID, parameters: parameters) { return Self.redirect(location) }
        return Self.html(Pages.render("message", ["title": "Signed out", "message": "You are signed out."]), status: .ok)
    }

    // MARK: - Administration

    struct AdminSession: Sendable {
        let csrf: String
        let expiresAt: Double
    }

    private func adminLoginPage(error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let csrf = Base64URL.random()
        var values: [String: Any] = ["title": "Sign in", "csrf": csrf]
        if let error { values["error"] = error }
        var response = Self.html(Pages.render("admin-login", values), status: status)
        response.setCookie(Cookie(name: Self.loginCookie, value: csrf, path: "/admin", httpOnly: true, sameSite: .strict))
        return response
    }

    private func adminLogin(_ request: Request) async throws -> Response {
        let form = try await self.form(request)
        guard let cookie = request.cookies[Self.loginCookie]?.value, let csrf = form["csrf"], constantTimeEqual(Array(cookie.utf8), Array(csrf.utf8))
        else {
            return try self.adminLoginPage(error: "The form is stale; try again.", status: .forbidden)
        }
        guard let token = form["token"], constantTimeEqual(secretDigest(token), self.adminDigest) else {
            return try self.adminLoginPage(error: "That is not the admin token.", status: .unauthorized)
        }
        let id = Base64URL.random()
        let session = AdminSession(csrf: Base64URL.random(), expiresAt: self.wallClock.currentDate().secondsSinceEpoch + 8 * 3600)
        self.state.withLock { state in
            let now = self.wallClock.currentDate().secondsSinceEpoch
            state.adminSessions = state.adminSessions.filter { $0.value.expiresAt > now }
            state.adminSessions[Base64URL.encode(secretDigest(id))] = session
        }
        var response = Self.redirect("/admin/tenants/\(self.configuration.tenantIDs[0])/applications")
        response.setCookie(Cookie(name: Self.adminCookie, value: id, path: "/admin", httpOnly: true, sameSite: .strict))
        response.setCookie(Cookie(name: Self.loginCookie, value: "", maxAge: 0, path: "/admin", httpOnly: true, sameSite: .strict))
        return response
    }

    /// The admin session of a request: the key under which it is stored and the session.
    private func adminSession(_ request: Request) throws -> (String, AdminSession)? {
        guard let id = request.cookies[Self.adminCookie]?.value, !id.isEmpty else { return nil }
        let key = Base64URL.encode(secretDigest(id))
        let now = self.wallClock.currentDate().secondsSinceEpoch
        guard let session = self.state.withLock({ $0.adminSessions[key] }), session.expiresAt > now else { return nil }
        return (key, session)
    }

    private func admin(
        _ request: Request,
        _ context: BasicRequestContext,
        form: Bool = false,
        _ body: (String, AdminSession, [String: String]) async throws -> Response
    ) async -> Response {
        await self.page {
            guard let (_, session) = try self.adminSession(request) else { return Self.redirect("/admin/login") }
            let tenantID = context.parameters.get("tenantId") ?? ""
            guard self.configuration.tenantIDs.contains(tenantID) else { throw LocalIssuerError(.notFound, "unknown tenant") }
            var fields: [String: String] = [:]
            if form {
                // The body is read once, here (a request body is a one-pass stream).
                fields = try await self.form(request)
                guard let csrf = fields["csrf"], constantTimeEqual(Array(csrf.utf8), Array(session.csrf.utf8)) else {
                    throw LocalIssuerError(.invalidRequest, "the form is stale; reload the page")
                }
            }
            return try await body(tenantID, session, fields)
        }
    }

    private func applicationsPage(
        tenantID: String,
        session: AdminSession,
        created: AppIDCredentials? = nil,
        error: String? = nil,
        name: String = ""
    ) throws -> Response {
        let rows: [[String: Any]] = try self.applications(tenantID: tenantID).map { application in
            var row: [String: Any] = [
                "name": application.name ?? "", "clientID": application.clientID, "oauthServerURL": application.oauthServerURL,
                "profilesURL": application.profilesURL ?? "", "discoveryEndpoint": application.discoveryEndpoint ?? "",
            ]
            if application.clientID == created?.clientID {
                row["secret"] = created?.secret ?? ""
                row["open"] = true
            }
            return row
        }
        var values: [String: Any] = [
            "title": "Applications", "tenantID": tenantID, "tenants": self.configuration.tenantIDs, "csrf": session.csrf,
            "applications": rows, "name": name,
        ]
        if created != nil { values["created"] = true }
        if let error { values["error"] = error }
        return Self.html(Pages.render("applications", values), status: error == nil ? .ok : .badRequest)
    }

    private func usersPage(tenantID: String, session: AdminSession, error: String? = nil) throws -> Response {
        let users: [[String: Any]] = try self.users(tenantID: tenantID).map { ["email": $0.email, "name": $0.name, "id": $0.id] }
        var values: [String: Any] = [
            "title": "Users", "tenantID": tenantID, "tenants": self.configuration.tenantIDs, "csrf": session.csrf, "users": users,
        ]
        if let error { values["error"] = error }
        return Self.html(Pages.render("users", values), status: error == nil ? .ok : .badRequest)
    }

    // MARK: - Helpers

    private func profile(_ request: Request, scope: String, _ body: (String, String) async throws -> Response) async -> Response {
        do {
            guard let credentials = try? BearerCredentials.parse(authorizationField: request.headers[.authorization].map { $0[...] }) else {
                throw LocalIssuerError(.unauthorized, "bearer access token required")
            }
            let (tenantID, userID) = try self.attributeUser(accessToken: credentials.accessToken, scope: scope)
            return try await body(tenantID, userID)
        } catch let error as LocalIssuerError {
            return IssuerResponse.error(error, bearerRealm: "appid")
        } catch {
            return IssuerResponse.error(LocalIssuerError(.invalidRequest, "request not valid"))
        }
    }

    private func page(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as LocalIssuerError {
            return Self.html(
                Pages.render("error", ["title": "Request refused", "message": error.message]),
                status: HTTPResponse.Status(code: error.code.status)
            )
        } catch {
            return Self.html(Pages.render("error", ["title": "Request refused", "message": "The request could not be read."]), status: .badRequest)
        }
    }

    private func form(_ request: Request) async throws(LocalIssuerError) -> [String: String] {
        try FormParameters.parse(try await self.readBody(request), contentType: request.headers[.contentType])
    }

    func readBody(_ request: Request) async throws(LocalIssuerError) -> [UInt8] {
        do {
            return Array(try await request.body.collect(upTo: self.configuration.maximumBodySize).readableBytesView)
        } catch {
            throw LocalIssuerError(.payloadTooLarge, "the body is larger than \(self.configuration.maximumBodySize) bytes")
        }
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .found, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// A page. Its policy runs only the pages' own script (by hash, no inline handlers), loads
    /// nothing else, and lets forms post only to the issuer and to `formTargets` (origins).
    static func html(_ text: String, status: HTTPResponse.Status, formTargets: [String] = []) -> Response {
        let body = Array(text.utf8)
        let formAction = (["'self'"] + formTargets).joined(separator: " ")
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .contentLength: String(body.count),
                HTTPField.Name("X-Frame-Options")!: "DENY", HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                .contentSecurityPolicy:
                    "default-src 'none'; style-src 'unsafe-inline'; script-src \(Pages.scriptSource); form-action \(formAction); base-uri 'none'; frame-ancestors 'none'",
                HTTPField.Name("Referrer-Policy")!: "no-referrer",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
#endif
