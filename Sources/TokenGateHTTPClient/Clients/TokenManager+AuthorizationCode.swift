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

    /// Revokes a refresh token (RFC 7009; the server also ends the tokens refreshed from it).
    /// - Throws: ``TokenClientError`` when the server refuses the request.
    public func revoke(refreshToken: String) async throws {
        let body = "token=\(PercentEncoding.encode(refreshToken, spaceAsPlus: true))&token_type_hint=refresh_token"
        let reply = try await self.post(self.credentials.oauthServerURL + "/revoke", body: body)
        guard reply.status == 200 else { throw reply.failure(unauthorized: .invalidClient) }
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
