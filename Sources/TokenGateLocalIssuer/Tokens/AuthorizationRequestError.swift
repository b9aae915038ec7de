import TokenGate

/// Why an authorization request cannot proceed, and how to tell the client: errors about the
/// client or the redirect URI are shown to the user (redirecting to an unverified URI would be
/// an open redirect); the others go back to the registered redirect URI (RFC 6749 §4.1.2.1).
struct AuthorizationRequestError: Error, Sendable {
    enum Delivery: Sendable {
        /// Show this page; never redirect.
        case page
        /// Redirect to this (registered) URI with `error`, `error_description` and `state`.
        case redirect(uri: String, state: String?)
    }

    let delivery: Delivery
    /// The RFC 6749 error.
    let error: String
    let description: String

    /// The redirect location for `.redirect`.
    var location: String? {
        guard case .redirect(let uri, let state) = self.delivery else { return nil }
        var query = "error=\(PercentEncoding.encode(self.error))&error_description=\(PercentEncoding.encode(self.description))"
        if let state { query += "&state=\(PercentEncoding.encode(state))" }
        return uri + (uri.contains("?") ? "&" : "?") + query
    }
}
