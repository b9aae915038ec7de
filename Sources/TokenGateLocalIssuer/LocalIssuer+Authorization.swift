import Crypto
import Synchronization
import TokenGate

extension LocalIssuer {
    /// How long an authorization code may wait for its exchange.
    static let codeLifetime: Double = 60

    // MARK: - Redirect URIs

    /// The redirect URIs the authorization endpoint accepts (exact match, any application of
    /// the tenant, as App ID's `config/redirect_uris`).
    public func redirectURIs(tenantID: String) throws(LocalIssuerError) -> [String] {
        try self.read(tenantID) { $0.redirectURIs }
    }

    /// Replaces the tenant's redirect URIs.
    /// - Throws: `.invalidRequest` for a URI that is not an absolute http(s) URL without a fragment.
    public func setRedirectURIs(tenantID: String, _ uris: [String]) throws(LocalIssuerError) {
        for uri in uris {
            let lowered = uri.lowercased()
            guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), !uri.contains("#"), !uri.contains(" "),
                Self.isVisibleASCII(uri, maximumLength: 2048)
            else {
                throw LocalIssuerError(.invalidRequest, "redirect URIs must be absolute http(s) URLs of visible ASCII without a fragment")
            }
        }
        guard uris.count <= 100 else { throw LocalIssuerError(.invalidRequest, "at most 100 redirect URIs") }
        try self.mutate(tenantID, [.config]) { tenant throws(LocalIssuerError) in tenant.redirectURIs = uris }
    }

    // MARK: - Authorization requests

    /// The parameters the login form and the redirect echo, with their longest allowed length.
    static let echoedParameters = [("state", 512), ("nonce", 512), ("scope", 1024), ("redirect_uri", 2048)]

    /// Whether `value` is at most `maximumLength` characters of visible ASCII or space (RFC 6749
    /// `VSCHAR`, %x20-7E).
    static func isVisibleASCII(_ value: String, maximumLength: Int) -> Bool {
        value.utf8.count <= maximumLength && value.utf8.allSatisfy { (0x20...0x7E).contains($0) }
    }

    /// Checks an authorization request (RFC 6749 §4.1.1 with RFC 7636 PKCE, `S256` required).
    /// The values that are echoed must be visible ASCII and bounded; anything else is refused on
    /// a page, before the redirect URI is known to be registered.
    func checkAuthorizationRequest(tenantID: String, parameters: [String: String]) throws(AuthorizationRequestError) -> AuthorizationRequest {
        func page(_ description: String) -> AuthorizationRequestError {
            AuthorizationRequestError(delivery: .page, error: "invalid_request", description: description)
        }
        for (name, maximumLength) in Self.echoedParameters {
            if let value = parameters[name], !Self.isVisibleASCII(value, maximumLength: maximumLength) {
                throw page("\(name) must be at most \(maximumLength) visible ASCII characters")
            }
        }
        guard let clientID = parameters["client_id"] else { throw page("client_id is missing") }
        let found: (RegisteredApplication?, [String])?
        do {
            found = try self.read(tenantID) { ($0.applications[clientID], $0.redirectURIs) }
        } catch {
            throw page("unknown tenant")
        }
        guard let (application, registered) = found, let application else { throw page("unknown client_id") }
        guard let redirectURI = parameters["redirect_uri"] else { throw page("redirect_uri is missing") }
        guard registered.contains(redirectURI) else { throw page("redirect_uri is not registered for this tenant") }
        let state = parameters["state"]
        func back(_ error: String, _ description: String) -> AuthorizationRequestError {
            AuthorizationRequestError(delivery: .redirect(uri: redirectURI, state: state), error: error, description: description)
        }
        guard parameters["response_type"] == "code" else { throw back("unsupported_response_type", "response_type must be code") }
        guard let challenge = parameters["code_challenge"], parameters["code_challenge_method"] == "S256" else {
            throw back("invalid_request", "PKCE is required: code_challenge with code_challenge_method=S256")
        }
        guard challenge.utf8.count == 43, Base64URL.decode(challenge)?.count == 32 else {
            throw back("invalid_request", "code_challenge must be base64url(SHA-256(code_verifier))")
        }
        let scope: String
        do {
            scope = try self.grantedScope(requested: parameters["scope"], application: application)
        } catch {
            throw back("invalid_scope", error.message)
        }
        return AuthorizationRequest(
            clientID: clientID,
            applicationName: application.name,
            redirectURI: redirectURI,
            scope: scope,
            state: state,
            nonce: parameters["nonce"],
            codeChallenge: challenge
        )
    }

    /// Logs a user in for an authorization request and issues a code.
    /// - Returns: The redirect location with `code` (and `state`).
    /// - Throws: `.invalidGrant` for wrong credentials, `.tooManyRequests` while locked out.
    func issueCode(tenantID: String, request: AuthorizationRequest, email: String, password: String) throws(LocalIssuerError) -> String {
        let user = try self.login(tenantID: tenantID, username: email, password: password)
        let code = Base64URL.random()
        let now = self.wallClock.currentDate().secondsSinceEpoch
        let entry = AuthorizationCode(
            tenantID: tenantID,
            clientID: request.clientID,
            redirectURI: request.redirectURI,
            codeChallenge: request.codeChallenge,
            nonce: request.nonce,
            scope: request.scope,
            userID: user.id,
            expiresAt: now + Self.codeLifetime
        )
        self.state.withLock { state in
            state.codes = state.codes.filter { $0.value.expiresAt > now }
            state.codes[Base64URL.encode(secretDigest(code))] = entry
        }
        var location = request.redirectURI + (request.redirectURI.contains("?") ? "&" : "?") + "code=" + code
        if let state = request.state { location += "&state=" + PercentEncoding.encode(state) }
        return location
    }

    /// The `authorization_code` grant: the code must be unused and unexpired, issued to this
    /// client for this redirect URI, and `code_verifier` must match its challenge. A code
    /// presented twice revokes the refresh token issued for it.
    func authorizationCodeGrant(tenantID: String, application: RegisteredApplication, parameters: [String: String]) throws(LocalIssuerError)
        -> IssuedTokens
    {
        guard let code = parameters["code"], let redirectURI = parameters["redirect_uri"] else {
            throw LocalIssuerError(.invalidRequest, "code and redirect_uri are required")
        }
        guard let verifier = parameters["code_verifier"] else { throw LocalIssuerError(.invalidRequest, "code_verifier is required (PKCE)") }
        guard (43...128).contains(verifier.utf8.count),
            verifier.utf8.allSatisfy({ byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                    true
                default: false
                }
            })
        else { throw LocalIssuerError(.invalidRequest, "code_verifier must be 43–128 unreserved characters") }
        let digest = Base64URL.encode(secretDigest(code))
        let now = self.wallClock.currentDate().secondsSinceEpoch
        // One critical section redeems the code and stores the refresh grant issued for it, so a
        // replay of the code (which revokes that grant's family) always finds the grant.
        let claim: Result<(entry: AuthorizationCode, user: LocalUser, refreshToken: String), LocalIssuerError> = self.state.withLock { state in
            guard var entry = state.codes[digest], entry.tenantID == tenantID, var tenant = state.tenants[tenantID] else {
                return .failure(LocalIssuerError(.invalidGrant, "authorization code not valid"))
            }
            if let redeemed = entry.redeemedFamily {
                tenant.refreshGrants = tenant.refreshGrants.filter { $0.value.family != redeemed }
                try? self.commit(tenant, [.refreshTokens], to: &state)
                return .failure(LocalIssuerError(.invalidGrant, "authorization code already used; the tokens issued for it are revoked"))
            }
            guard entry.expiresAt > now else { return .failure(LocalIssuerError(.invalidGrant, "authorization code expired")) }
            guard entry.clientID == application.clientID, entry.redirectURI == redirectURI else {
                return .failure(LocalIssuerError(.invalidGrant, "authorization code was issued to another client or redirect_uri"))
            }
            guard constantTimeEqual(Array(PendingLogin.challenge(for: verifier).utf8), Array(entry.codeChallenge.utf8)) else {
                return .failure(LocalIssuerError(.invalidGrant, "code_verifier does not match the code_challenge"))
            }
            guard let user = tenant.users[entry.userID] else { return .failure(LocalIssuerError(.invalidGrant, "the user no longer exists")) }
            let family = Base64URL.random(bytes: 12)
            let refreshToken = self.addRefreshGrant(to: &tenant, clientID: application.clientID, userID: user.id, scope: entry.scope, family: family)
            do throws(LocalIssuerError) {
                try self.commit(tenant, [.refreshTokens], to: &state)
            } catch {
                return .failure(error)
            }
            entry.redeemedFamily = family
            state.codes[digest] = entry
            return .success((entry, user, refreshToken))
        }
        let (entry, user, refreshToken) = try claim.get()
        return try self.mint(
            tenantID: tenantID,
            application: application,
            subject: .user(user),
            scope: entry.scope,
            amr: ["cloud_directory"],
            refreshToken: refreshToken,
            nonce: entry.nonce
        )
    }

    // MARK: - Profile attributes

    /// The user an access token stands for, for the profiles API: the token must verify
    /// against its tenant's keys and carry `scope`.
    func attributeUser(accessToken: String, scope: String) throws(LocalIssuerError) -> (tenantID: String, userID: String) {
        var parts = try? TokenParts(accessToken, maximumLength: 16 * 1024)
        guard let tenantID = try? parts?.claims().tenant,
            (try? self.read(tenantID, { _ in () })) != nil
        else { throw LocalIssuerError(.unauthorized, "token not valid") }
        let verified: VerifiedToken
        do {
            verified = try self.verifyAccessToken(accessToken, tenantID: tenantID)
        } catch {
            throw LocalIssuerError(.unauthorized, error.code.publicDescription)
        }
        guard verified.claims.hasScope(scope) else { throw LocalIssuerError(.invalidScope, "the access token lacks \(scope)") }
        guard let subject = verified.claims.subject, try self.read(tenantID, { $0.users[subject] }) != nil else {
            throw LocalIssuerError(.notFound, "no profile for this subject")
        }
        return (tenantID, subject)
    }

    func attributes(tenantID: String, userID: String) throws(LocalIssuerError) -> [String: JSONValue] {
        try self.read(tenantID) { $0.attributes[userID] ?? [:] }
    }

    func setAttribute(tenantID: String, userID: String, name: String, value: JSONValue) throws(LocalIssuerError) {
        guard !name.isEmpty, name.utf8.count <= 128, !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw LocalIssuerError(.invalidRequest, "attribute names are 1–128 characters without control characters")
        }
        try self.mutate(tenantID, [.attributes]) { tenant throws(LocalIssuerError) in
            var attributes = tenant.attributes[userID] ?? [:]
            guard attributes[name] != nil || attributes.count < 100 else {
                throw LocalIssuerError(.invalidRequest, "at most 100 attributes per user")
            }
            attributes[name] = value
            tenant.attributes[userID] = attributes
        }
    }

    func deleteAttribute(tenantID: String, userID: String, name: String) throws(LocalIssuerError) {
        try self.mutate(tenantID, [.attributes]) { tenant throws(LocalIssuerError) in
            guard tenant.attributes[userID]?.removeValue(forKey: name) != nil else { throw LocalIssuerError(.notFound, "no such attribute") }
        }
    }
}
