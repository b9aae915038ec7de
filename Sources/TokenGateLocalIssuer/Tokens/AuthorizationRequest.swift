/// A checked authorization request (`GET …/authorization`): the client and redirect URI are
/// registered, `response_type` is `code`, PKCE `S256` is present, the scopes are allowed.
struct AuthorizationRequest: Sendable {
    let clientID: String
    let applicationName: String
    let redirectURI: String
    let scope: String
    let state: String?
    let nonce: String?
    let codeChallenge: String

    /// The request's parameters, to carry through the login form.
    var hiddenFields: [(String, String)] {
        var fields = [
            ("response_type", "code"), ("client_id", self.clientID), ("redirect_uri", self.redirectURI), ("scope", self.scope),
            ("code_challenge", self.codeChallenge), ("code_challenge_method", "S256"),
        ]
        if let state { fields.append(("state", state)) }
        if let nonce { fields.append(("nonce", nonce)) }
        return fields
    }
}
