#if Hummingbird
public import Hummingbird
import Logging
import NIOCore
import TokenGate

extension LocalIssuer {
    /// The issuer's endpoints as a Hummingbird router, to serve on its own (``run()``) or to
    /// mount in an application of yours.
    ///
    /// OAuth, below `/oauth/v4/{tenantId}`: `GET|POST /authorization` (the login form),
    /// `POST /token`, `GET /publickeys`, `GET /.well-known/openid-configuration`,
    /// `GET|POST /userinfo`, `POST /introspect`, `POST /revoke`. Profiles: `/api/v1/attributes`
    /// (`GET`) and `/api/v1/attributes/{name}` (`GET`, `PUT`, `DELETE`) with the user's access
    /// token. Management, below `/management/v4/{tenantId}` with `Authorization: Bearer <admin
    /// token>`: `applications` (`POST`, `GET`), `applications/{clientId}` (`GET`, `PUT`,
    /// `DELETE`), `applications/{clientId}/scopes` (`GET`, `PUT`), `cloud_directory/Users`
    /// (`POST`, `GET`), `cloud_directory/Users/{id}` (`GET`, `DELETE`), `config/redirect_uris`
    /// (`GET`, `PUT`), `config/keys/rotate` (`POST`), `config/idps/custom` (`PUT`).
    /// Administration pages below `/admin` (sign in with the admin token).
    public func router() -> Router<BasicRequestContext> {
        self.router(acceptedHostNames: nil)
    }

    /// The router, answering only requests addressed to a loopback host or one of
    /// `acceptedHostNames` when that is given (see ``LoopbackHostMiddleware``).
    func router(acceptedHostNames: Set<String>?) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Before any route: Hummingbird applies a middleware to the routes added after it.
        if let acceptedHostNames { router.add(middleware: LoopbackHostMiddleware(acceptedNames: acceptedHostNames)) }
        let oauth = router.group("oauth/v4/:tenantId")
        oauth.post("token") { request, context in await self.respond { try await self.tokenEndpoint(request, context) } }
        oauth.get("publickeys") { _, context in
            await self.respond { IssuerResponse.json(try self.publicKeys(tenantID: try Self.tenant(context)), cacheable: true) }
        }
        oauth.get(".well-known/openid-configuration") { _, context in
            await self.respond { IssuerResponse.json(try self.discoveryDocument(tenantID: try Self.tenant(context)), cacheable: true) }
        }
        oauth.get("userinfo") { request, context in await self.respond(bearerRealm: "appid") { try self.userInfoEndpoint(request, context) } }
        oauth.post("userinfo") { request, context in await self.respond(bearerRealm: "appid") { try self.userInfoEndpoint(request, context) } }
        oauth.post("introspect") { request, context in
            await self.respond {
                let (tenantID, application, parameters) = try await self.authenticatedClientRequest(request, context)
                guard let token = parameters["token"] else { throw LocalIssuerError(.invalidRequest, "token is required") }
                return IssuerResponse.json(try self.introspect(tenantID: tenantID, application: application, token: token))
            }
        }
        oauth.post("revoke") { request, context in
            await self.respond {
                let (tenantID, application, parameters) = try await self.authenticatedClientRequest(request, context)
                guard let token = parameters["token"] else { throw LocalIssuerError(.invalidRequest, "token is required") }
                try self.revoke(tenantID: tenantID, application: application, token: token)
                return IssuerResponse.json([:])
            }
        }

        let management = router.group("management/v4/:tenantId")
        management.post("applications") { request, context in
            await self.managed(request, context) { tenantID, body in
                let application = try ManagementBody.decode(ApplicationRequest.self, from: body)
                let credentials = try self.registerApplication(
                    tenantID: tenantID,
                    name: try ManagementBody.required(application.name, "name"),
                    type: application.type
                )
                return IssuerResponse.json(credentials.jsonValue, status: .created)
            }
        }
        management.get("applications") { request, context in
            await self.managed(request, context) { tenantID, _ in
                IssuerResponse.json(["applications": .array(try self.applications(tenantID: tenantID).map(\.jsonValue))])
            }
        }
        management.get("applications/:clientId") { request, context in
            await self.managed(request, context) { tenantID, _ in
                IssuerResponse.json(try self.application(tenantID: tenantID, clientID: try Self.parameter(context, "clientId")).jsonValue)
            }
        }
        management.put("applications/:clientId") { request, context in
            await self.managed(request, context) { tenantID, body in
                let name = try ManagementBody.required(try ManagementBody.decode(ApplicationRequest.self, from: body).name, "name")
                return IssuerResponse.json(
                    try self.renameApplication(tenantID: tenantID, clientID: try Self.parameter(context, "clientId"), name: name).jsonValue
                )
            }
        }
        management.delete("applications/:clientId") { request, context in
            await self.managed(request, context) { tenantID, _ in
                try self.deleteApplication(tenantID: tenantID, clientID: try Self.parameter(context, "clientId"))
                return IssuerResponse.noContent()
            }
        }
        management.get("applications/:clientId/scopes") { request, context in
            await self.managed(request, context) { tenantID, _ in
                let scopes = try self.scopes(tenantID: tenantID, clientID: try Self.parameter(context, "clientId"))
                return IssuerResponse.json(["scopes": .array(scopes.map(JSONValue.string))])
            }
        }
        management.put("applications/:clientId/scopes") { request, context in
            await self.managed(request, context) { tenantID, body in
                let scopes = try ManagementBody.decode(ScopesRequest.self, from: body).scopes
                let stored = try self.setScopes(tenantID: tenantID, clientID: try Self.parameter(context, "clientId"), scopes: scopes)
                return IssuerResponse.json(["scopes": .array(stored.map(JSONValue.string))])
            }
        }
        management.post("cloud_directory/Users") { request, context in
            await self.managed(request, context) { tenantID, body in
                let fields = try ManagementBody.decode(UserRequest.self, from: body)
                guard let email = fields.anyEmail else { throw LocalIssuerError(.invalidRequest, "email (or emails[0].value) is required") }
                let password = try ManagementBody.required(fields.password, "password")
                let name = fields.name ?? fields.displayName
                let user = try self.addUser(tenantID: tenantID, email: email, password: password, name: name)
                return IssuerResponse.json(Self.userJSON(user), status: .created)
            }
        }
        management.get("cloud_directory/Users") { request, context in
            await self.managed(request, context) { tenantID, _ in
                let users = try self.users(tenantID: tenantID)
                return IssuerResponse.json(["totalResults": .number(JSONNumber(Int64(users.count))), "Resources": .array(users.map(Self.userJSON))])
            }
        }
        management.get("cloud_directory/Users/:userId") { request, context in
            await self.managed(request, context) { tenantID, _ in
                let id = try Self.parameter(context, "userId")
                guard let user = try self.users(tenantID: tenantID).first(where: { $0.id == id }) else {
                    throw LocalIssuerError(.notFound, "no user with this id")
                }
                return IssuerResponse.json(Self.userJSON(user))
            }
        }
        management.delete("cloud_directory/Users/:userId") { request, context in
            await self.managed(request, context) { tenantID, _ in
                try self.removeUser(tenantID: tenantID, id: try Self.parameter(context, "userId"))
                return IssuerResponse.noContent()
            }
        }
        management.post("config/keys/rotate") { request, context in
            await self.managed(request, context) { tenantID, _ in
                IssuerResponse.json(["kid": .string(try self.rotateKeys(tenantID: tenantID))])
            }
        }
        management.put("config/idps/custom") { request, context in
            await self.managed(request, context) { tenantID, body in
                let fields = try ManagementBody.decode(CustomIdentityRequest.self, from: body)
                let active = fields.isActive ?? false
                let pem = fields.config?.publicKey
                guard !active || pem != nil else { throw LocalIssuerError(.invalidRequest, "config.publicKey is required when isActive is true") }
                try self.setCustomIdentityKey(tenantID: tenantID, pem: active ? pem : nil)
                return IssuerResponse.json(["isActive": .bool(active)])
            }
        }
        management.get("config/redirect_uris") { request, context in
            await self.managed(request, context) { tenantID, _ in
                IssuerResponse.json(["redirectUris": .array(try self.redirectURIs(tenantID: tenantID).map(JSONValue.string))])
            }
        }
        management.put("config/redirect_uris") { request, context in
            await self.managed(request, context) { tenantID, body in
                let uris = try ManagementBody.decode(RedirectURIsRequest.self, from: body).redirectURIs
                try self.setRedirectURIs(tenantID: tenantID, uris)
                return IssuerResponse.json(["redirectUris": .array(uris.map(JSONValue.string))])
            }
        }
        self.addPages(to: router)
        return router
    }

    // MARK: - Endpoints

    private func tokenEndpoint(_ request: Request, _ context: BasicRequestContext) async throws(LocalIssuerError) -> Response {
        let (tenantID, application, parameters) = try await self.authenticatedClientRequest(request, context)
        let tokens = try self.token(tenantID: tenantID, application: application, parameters: parameters)
        return IssuerResponse.json(tokens.json)
    }

    private func userInfoEndpoint(_ request: Request, _ context: BasicRequestContext) throws(LocalIssuerError) -> Response {
        let tenantID = try Self.tenant(context)
        let credentials: BearerCredentials?
        do {
            credentials = try BearerCredentials.parse(authorizationField: request.headers[.authorization].map { $0[...] })
        } catch {
            throw LocalIssuerError(.invalidRequest, "malformed Authorization header")
        }
        guard let credentials else { throw LocalIssuerError(.unauthorized, "bearer access token required") }
        return IssuerResponse.json(try self.userInfo(tenantID: tenantID, accessToken: credentials.accessToken))
    }

    /// Reads the body and authenticates the client of a token, introspection or revocation request.
    private func authenticatedClientRequest(
        _ request: Request,
        _ context: BasicRequestContext
    ) async throws(LocalIssuerError) -> (String, RegisteredApplication, [String: String]) {
        let tenantID = try Self.tenant(context)
        guard request.method == .post else { throw LocalIssuerError(.invalidRequest, "use POST") }
        let body = try await self.readBody(request)
        let parameters = try FormParameters.parse(body, contentType: request.headers[.contentType])
        let client = try ClientAuthentication.read(authorization: request.headers[.authorization], parameters: parameters)
        let application = try self.authenticateClient(tenantID: tenantID, clientID: client.clientID, secret: client.secret)
        return (tenantID, application, parameters)
    }

    /// Runs a management call: checks the admin token, reads the body (if any), which must be
    /// `application/json` (see ``ManagementBody``).
    private func managed(
        _ request: Request,
        _ context: BasicRequestContext,
        _ body: (String, [UInt8]) async throws -> Response
    ) async -> Response {
        await self.respond(bearerRealm: "management") {
            let tenantID = try Self.tenant(context)
            let presented: String?
            do {
                presented = try BearerCredentials.parse(authorizationField: request.headers[.authorization].map { $0[...] })?.accessToken
            } catch {
                throw LocalIssuerError(.invalidRequest, "malformed Authorization header")
            }
            guard let presented, constantTimeEqual(secretDigest(presented), self.adminDigest) else {
                throw LocalIssuerError(.unauthorized, "management calls need Authorization: Bearer <admin token>")
            }
            let bytes = try await self.readBody(request)
            if !bytes.isEmpty {
                let (mediaType, _) = FormParameters.mediaType(request.headers[.contentType] ?? "")
                guard mediaType == "application/json" else { throw LocalIssuerError(.invalidRequest, "the body must be application/json") }
            }
            return try await body(tenantID, bytes)
        }
    }

    private func respond(bearerRealm: String? = nil, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as LocalIssuerError {
            if error.code.status >= 500 {
                self.logger.error("request failed", metadata: ["error": "\(error.message)"])
            }
            return IssuerResponse.error(error, bearerRealm: bearerRealm)
        } catch {
            self.logger.error("request failed", metadata: ["error": "\(error)"])
            return IssuerResponse.error(LocalIssuerError(.storageFailed, "internal error"))
        }
    }

    private static func tenant(_ context: BasicRequestContext) throws(LocalIssuerError) -> String {
        try Self.parameter(context, "tenantId")
    }

    private static func parameter(_ context: BasicRequestContext, _ name: String) throws(LocalIssuerError) -> String {
        guard let value = context.parameters.get(name) else { throw LocalIssuerError(.notFound, "not found") }
        return value
    }

    private static func userJSON(_ user: User) -> JSONValue {
        [
            "id": .string(user.id), "email": .string(user.email), "name": .string(user.name), "displayName": .string(user.name),
            "emails": [["value": .string(user.email), "primary": true]],
        ]
    }
}
#endif
