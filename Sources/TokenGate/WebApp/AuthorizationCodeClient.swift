/// The token endpoint as the web login flow needs it: exchange an authorization code (with its
/// PKCE verifier), refresh, revoke. `TokenManager` (in `TokenGateHTTPClient`) conforms; each
/// method returns tokens already verified (signature, `iss`, `aud`, `tenant`, times, identity
/// `sub`), except an access token the client does not read (``AccessTokenFormat/opaque``,
/// ``VerifiedToken/isOpaque``), which carries what the token response said about it.
///
/// ```swift
/// let strategy = WebAppStrategy(configuration: configuration, tokens: TokenManager(credentials: credentials))
/// ```
public protocol AuthorizationCodeClient: Sendable {
    /// Whether the access tokens this client returns are verified JWTs addressed to the client
    /// or opaque to it (``VerifiedToken/isOpaque``): the web login reads a session's access
    /// token the same way (default ``AccessTokenFormat/addressedToClient``).
    var accessTokenFormat: AccessTokenFormat { get }

    /// The `authorization_code` grant.
    /// - Parameters:
    ///   - code: The code from the callback.
    ///   - redirectURI: The redirect URI the authorization request named.
    ///   - codeVerifier: The PKCE verifier whose challenge the authorization request sent.
    /// - Returns: The verified access and identity tokens and the refresh token.
    func authorizationCodeTokens(code: String, redirectURI: String, codeVerifier: String) async throws -> AuthorizationContext

    /// The `refresh_token` grant.
    /// - Returns: The verified new tokens (with the new refresh token when the server rotates them).
    func refreshedTokens(_ refreshToken: String) async throws -> AuthorizationContext

    /// Revokes a refresh token (RFC 7009); failures are the caller's to ignore.
    func revoke(refreshToken: String) async throws
}

extension AuthorizationCodeClient {
    /// Access tokens addressed to the client, verified like its identity token (App ID).
    public var accessTokenFormat: AccessTokenFormat { .addressedToClient }
}
