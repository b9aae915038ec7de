import TokenGate

extension LocalIssuer {
    /// Where the end-session endpoint (OpenID Connect RP-Initiated Logout 1.0) sends the
    /// browser. This issuer keeps no sign-in session of its own (every login shows the form),
    /// so there is nothing to end: it only checks the request and redirects.
    ///
    /// `post_logout_redirect_uri`, when present, must be an absolute http(s) URL of visible
    /// ASCII whose origin is that of one of the tenant's registered redirect URIs (never an
    /// arbitrary site: an open redirect otherwise); `state` is added to it. A `client_id`, when
    /// present, must be a registered application. `id_token_hint` is not needed and not read.
    /// - Parameters:
    ///   - tenantID: The tenant.
    ///   - parameters: The request's query or form parameters.
    /// - Returns: The location to redirect to, or `nil` for the "signed out" page.
    /// - Throws: `.invalidRequest` for a redirect URI that is not allowed or a malformed value,
    ///   `.notFound` for an unknown tenant.
    func endSessionLocation(tenantID: String, parameters: [String: String]) throws(LocalIssuerError) -> String? {
        let (applications, registered) = try self.read(tenantID) { (Set($0.applications.keys), $0.redirectURIs) }
        if let clientID = parameters["client_id"], !applications.contains(clientID) {
            throw LocalIssuerError(.invalidRequest, "unknown client_id")
        }
        guard let target = parameters["post_logout_redirect_uri"] else { return nil }
        guard Self.isVisibleASCII(target, maximumLength: 2048), !target.contains("#"), let origin = Self.origin(of: target) else {
            throw LocalIssuerError(.invalidRequest, "post_logout_redirect_uri must be an absolute http(s) URL of visible ASCII")
        }
        guard registered.contains(where: { Self.origin(of: $0) == origin }) else {
            throw LocalIssuerError(.invalidRequest, "post_logout_redirect_uri is not at the origin of a registered redirect URI")
        }
        guard let state = parameters["state"] else { return target }
        guard Self.isVisibleASCII(state, maximumLength: 512) else {
            throw LocalIssuerError(.invalidRequest, "state must be at most 512 visible ASCII characters")
        }
        return target + (target.contains("?") ? "&" : "?") + "state=" + PercentEncoding.encode(state)
    }

    /// The origin (`scheme://host[:port]`, lowercased) of an absolute http(s) URL: for the
    /// end-session endpoint's check and for a page's `form-action` source list. `nil` unless the
    /// host and port are made of letters, digits, `.`, `-`, `:`, `[`, `]` (so no user
    /// information, which would hide the real host, and nothing a policy could misread).
    static func origin(of url: String) -> String? {
        let lowered = url.lowercased()
        let scheme = lowered.hasPrefix("https://") ? "https" : lowered.hasPrefix("http://") ? "http" : ""
        let authority = lowered.dropFirst(scheme.count + 3).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !scheme.isEmpty, !authority.isEmpty,
            authority.unicodeScalars.allSatisfy({ scalar in
                switch scalar {
                case "a"..."z", "0"..."9", ".", "-", ":", "[", "]": true
                default: false
                }
            })
        else { return nil }
        return scheme + "://" + authority
    }
}
