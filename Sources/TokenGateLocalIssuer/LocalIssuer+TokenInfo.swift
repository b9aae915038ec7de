import Synchronization
import TokenGate

extension LocalIssuer {
    /// Verifies an access token of this tenant (any of its applications) with the package's
    /// own verifier against the tenant's published keys. Only `typ: at+jwt`: an identity token
    /// is not an access token.
    func verifyAccessToken(_ token: String, tenantID: String) throws(TokenGateError) -> VerifiedToken {
        let oauthServerURL: String
        let keys: KeySet
        do {
            oauthServerURL = try self.oauthServerURL(tenantID: tenantID)
            keys = try self.read(tenantID) { $0.verificationKeys }
        } catch {
            throw TokenGateError(.keysUnavailable, detail: error.message)
        }
        var rules = TokenVerifier.Configuration(issuer: oauthServerURL, audience: .unchecked)
        rules.tenant = tenantID
        rules.algorithms = [.rs256]
        rules.leeway = .zero
        rules.allowedTypes = [IssuerSigningKey.accessTokenType]
        return try TokenVerifier(configuration: rules).verify(token, keys: keys, now: self.wallClock.currentDate())
    }

    /// OpenID Connect UserInfo for an access token carrying `openid`.
    /// - Throws: `.unauthorized` for a token that does not verify (with the verifier's fixed
    ///   reason), `.invalidScope` without `openid`.
    func userInfo(tenantID: String, accessToken: String) throws(LocalIssuerError) -> JSONValue {
        let verified: VerifiedToken
        do {
            verified = try self.verifyAccessToken(accessToken, tenantID: tenantID)
        } catch {
            throw LocalIssuerError(.unauthorized, error.code.publicDescription)
        }
        guard verified.claims.scopes.contains("openid") else {
            throw LocalIssuerError(.invalidScope, "the access token lacks the openid scope")
        }
        let subject = verified.claims.subject ?? ""
        var info: [String: JSONValue] = ["sub": .string(subject)]
        if let user = try self.read(tenantID, { $0.users[subject] }) {
            info["name"] = .string(user.name)
            info["email"] = .string(user.email)
            info["identities"] = [["provider": "cloud_directory", "id": .string(user.id)]]
        }
        return .object(info)
    }

    /// RFC 7662 introspection: an access token of this tenant, or a refresh token of the
    /// asking client; `{"active": false}` for anything else.
    func introspect(tenantID: String, application: RegisteredApplication, token: String) throws(LocalIssuerError) -> JSONValue {
        if let verified = try? self.verifyAccessToken(token, tenantID: tenantID) {
            var result: [String: JSONValue] = ["active": true, "token_type": "Bearer"]
            let claims = verified.claims
            for name in ["sub", "scope", "exp", "iat", "iss", "aud", "tenant"] { result[name] = claims[name] }
            if let client = claims.audience.first { result["client_id"] = .string(client) }
            return .object(result)
        }
        let digest = Base64URL.encode(secretDigest(token))
        let now = self.wallClock.currentDate().secondsSinceEpoch
        let grant = try self.read(tenantID) { $0.refreshGrants[digest] }
        if let grant, !grant.used, grant.expiresAt > now, grant.clientID == application.clientID {
            return [
                "active": true, "token_type": "refresh_token", "client_id": .string(grant.clientID), "sub": .string(grant.userID),
                "scope": .string(grant.scope), "exp": .number(JSONNumber(Int64(grant.expiresAt))),
            ]
        }
        return ["active": false]
    }

    /// RFC 7009 revocation of a refresh token (and every token of its family). Unknown tokens,
    /// tokens of other clients and access tokens (self-contained, they expire) are ignored, as
    /// the RFC asks.
    func revoke(tenantID: String, application: RegisteredApplication, token: String) throws(LocalIssuerError) {
        let digest = Base64URL.encode(secretDigest(token))
        guard let grant = try self.read(tenantID, { $0.refreshGrants[digest] }), grant.clientID == application.clientID else { return }
        try self.mutate(tenantID, [.refreshTokens]) { tenant throws(LocalIssuerError) in
            tenant.refreshGrants = tenant.refreshGrants.filter { $0.value.family != grant.family }
        }
    }

    /// The tenant's OpenID Connect discovery document (App ID's fields).
    func discoveryDocument(tenantID: String) throws(LocalIssuerError) -> JSONValue {
        let urls = try self.urls(tenantID: tenantID)
        let issuer = urls.oauthServerURL
        return [
            "issuer": .string(issuer),
            "authorization_endpoint": .string(issuer + "/authorization"),
            "token_endpoint": .string(issuer + "/token"),
            "jwks_uri": .string(issuer + "/publickeys"),
            "userinfo_endpoint": .string(issuer + "/userinfo"),
            "introspection_endpoint": .string(issuer + "/introspect"),
            "revocation_endpoint": .string(issuer + "/revoke"),
            "end_session_endpoint": .string(issuer + "/logout"),
            "profiles_endpoint": .string(urls.base),
            "management_endpoint": .string(urls.base + "/management/v4/" + tenantID),
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid"],
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "claims_supported": ["iss", "aud", "exp", "tenant", "iat", "sub", "nonce", "amr", "oauth_client"],
            "grant_types_supported": ["authorization_code", "password", "refresh_token", "client_credentials", .string(Self.jwtBearerGrant)],
        ]
    }
}
