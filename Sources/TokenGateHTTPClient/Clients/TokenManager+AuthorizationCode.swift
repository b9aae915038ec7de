public import TokenGate

extension TokenManager: AuthorizationCodeClient {
    /// The `authorization_code` grant with PKCE (RFC 7636): the tokens of a browser login.
    /// - Parameters:
    ///   - code: The code from the callback.
    ///   - redirectURI: The redirect URI of the authorization request.
    ///   - codeVerifier: The PKCE verifier.
    /// - Returns: Verified access and identity tokens, and the refresh token.
    /// - Throws: ``TokenClientError``; `.invalidGrant` for a used, expired or foreign code or a
    ///   wrong verifier.
    public func exchangeCode(_ code: String, redirectURI: String, codeVerifier: String) async throws(TokenClientError) -> TokenSet {
        let tokens = try await self.request(
            ["grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI, "code_verifier": codeVerifier],
            identity: true
        )
        guard tokens.identityToken != nil else {
            throw TokenClientError(.invalidResponse, serverDescription: "the token response has no id_token")
        }
        return tokens
    }

    /// Revokes a refresh token (RFC 7009; the server also ends the tokens refreshed from it) at
    /// the provider's `revocation_endpoint`.
    /// - Throws: ``TokenClientError``; `.unsupportedByProvider` (no request made) when the
    ///   provider publishes no revocation endpoint, else when the server refuses the request.
    public func revoke(refreshToken: String) async throws {
        guard let endpoint = self.endpoints.revocation else {
            throw TokenClientError(.unsupportedByProvider, serverDescription: "the provider publishes no revocation_endpoint")
        }
        let reply = try await self.post(endpoint, fields: [("token", refreshToken), ("token_type_hint", "refresh_token")])
        guard reply.status == 200 else { throw reply.failure(unauthorized: .invalidClient) }
    }

    /// Asks the provider's `introspection_endpoint` about a token (RFC 7662).
    /// - Parameters:
    ///   - token: The token.
    ///   - hint: `access_token` or `refresh_token`, when known.
    /// - Returns: The answer's members (`active`, and for an active token `sub`, `exp`, `scope`, …).
    /// - Throws: ``TokenClientError``; `.unsupportedByProvider` (no request made) when the
    ///   provider publishes no introspection endpoint, `.invalidResponse` for an answer without
    ///   a boolean `active`.
    public func introspect(_ token: String, hint: String? = nil) async throws(TokenClientError) -> [String: JSONValue] {
        guard let endpoint = self.endpoints.introspection else {
            throw TokenClientError(.unsupportedByProvider, serverDescription: "the provider publishes no introspection_endpoint")
        }
        var fields = [("token", token)]
        if let hint { fields.append(("token_type_hint", hint)) }
        let reply = try await self.post(endpoint, fields: fields)
        guard reply.status == 200 else { throw reply.failure(unauthorized: .invalidClient) }
        guard let object = try? JSONParser.parse(reply.body, maximumDepth: 16).objectValue, case .bool? = object["active"] else {
            throw TokenClientError(.invalidResponse, status: reply.status, serverDescription: "the introspection answer has no boolean active")
        }
        return object
    }

    /// ``exchangeCode(_:redirectURI:codeVerifier:)`` as an ``TokenGate/AuthorizationContext``.
    public func authorizationCodeTokens(code: String, redirectURI: String, codeVerifier: String) async throws -> AuthorizationContext {
        try await self.exchangeCode(code, redirectURI: redirectURI, codeVerifier: codeVerifier).authorizationContext
    }

    /// ``refreshTokens(_:scopes:)`` as an ``TokenGate/AuthorizationContext``.
    public func refreshedTokens(_ refreshToken: String) async throws -> AuthorizationContext {
        try await self.refreshTokens(refreshToken).authorizationContext
    }
}
