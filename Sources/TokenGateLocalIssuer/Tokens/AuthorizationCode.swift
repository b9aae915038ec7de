/// An authorization code: single use, short-lived, bound to the client, the redirect URI and
/// the PKCE challenge of the request that produced it. Kept in memory only (a restart ends
/// logins in progress, nothing else).
struct AuthorizationCode: Sendable {
    let tenantID: String
    let clientID: String
    let redirectURI: String
    let codeChallenge: String
    let nonce: String?
    let scope: String
    let userID: String
    let expiresAt: Double
    /// Set once the code was exchanged: the refresh family its tokens belong to, revoked if the
    /// code is presented again (RFC 6749 §4.1.2).
    var redeemedFamily: String?
}
