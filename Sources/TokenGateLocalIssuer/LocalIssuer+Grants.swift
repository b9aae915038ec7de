import Logging
import Synchronization
import TokenGate

extension LocalIssuer {
    /// Who tokens are for.
    enum Subject {
        /// The application itself (client credentials): access token only.
        case client
        /// A user of the password grant.
        case user(LocalUser)
        /// A user asserted by the application's own identity provider (JWT-bearer grant).
        case custom(id: String, name: String?, email: String?)
    }

    static let jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"

    /// Checks a client's ID and secret (constant-time).
    /// - Throws: `.invalidClient` for an unknown client or a wrong secret.
    func authenticateClient(tenantID: String, clientID: String, secret: String) throws(LocalIssuerError) -> RegisteredApplication {
        let application = try self.read(tenantID) { $0.applications[clientID] }
        guard let application, application.accepts(secret: secret) else {
            throw LocalIssuerError(.invalidClient, "client authentication failed")
        }
        return application
    }

    /// Runs a token request for an authenticated client.
    /// - Parameters:
    ///   - tenantID: The tenant.
    ///   - application: The authenticated client.
    ///   - parameters: The request's parameters (each present once).
    /// - Throws: ``LocalIssuerError`` with the RFC 6749 error.
    func token(tenantID: String, application: RegisteredApplication, parameters: [String: String]) throws(LocalIssuerError) -> IssuedTokens {
        guard let grantType = parameters["grant_type"] else {
            throw LocalIssuerError(.invalidRequest, "grant_type is required")
        }
        switch grantType {
        case "password":
            return try self.passwordGrant(tenantID: tenantID, application: application, parameters: parameters)
        case "client_credentials":
            let scope = try self.grantedScope(requested: parameters["scope"], application: application)
            return try self.mint(
                tenantID: tenantID,
                application: application,
                subject: .client,
                scope: scope,
                amr: ["appid_client_credentials"],
                refreshToken: nil
            )
        case "refresh_token":
            return try self.refreshGrant(tenantID: tenantID, application: application, parameters: parameters)
        case Self.jwtBearerGrant:
            return try self.jwtBearerGrant(tenantID: tenantID, application: application, parameters: parameters)
        case "authorization_code":
            return try self.authorizationCodeGrant(tenantID: tenantID, application: application, parameters: parameters)
        default:
            throw LocalIssuerError(
                .unsupportedGrantType,
                "grant_type must be authorization_code, password, client_credentials, refresh_token or \(Self.jwtBearerGrant)"
            )
        }
    }

    private func passwordGrant(tenantID: String, application: RegisteredApplication, parameters: [String: String]) throws(LocalIssuerError)
        -> IssuedTokens
    {
        guard let username = parameters["username"], !username.isEmpty, let password = parameters["password"] else {
            throw LocalIssuerError(.invalidRequest, "username and password are required")
        }
        let scope = try self.grantedScope(requested: parameters["scope"], application: application)
        let user = try self.login(tenantID: tenantID, username: username, password: password)
        var refreshToken = ""
        try self.mutate(tenantID, [.refreshTokens]) { tenant throws(LocalIssuerError) in
            refreshToken = self.addRefreshGrant(
                to: &tenant,
                clientID: application.clientID,
                userID: user.id,
                scope: scope,
                family: Base64URL.random(bytes: 12)
            )
        }
        return try self.mint(
            tenantID: tenantID,
            application: application,
            subject: .user(user),
            scope: scope,
            amr: ["cloud_directory"],
            refreshToken: refreshToken
        )
    }

    /// Checks a user's password, with the lockout of repeated failures and a bound on the
    /// password checks running at once.
    ///
    /// The attempt is admitted and counted as a failure before the (slow) hash, in one critical
    /// section: parallel guesses for one name cannot all pass a lockout check made before any
    /// of them failed. A right password then clears the count.
    /// - Throws: `.tooManyRequests` while the name is locked out or while
    ///   ``Configuration/maximumConcurrentPasswordChecks`` checks run, `.invalidGrant` otherwise.
    func login(tenantID: String, username: String, password: String) throws(LocalIssuerError) -> LocalUser {
        let throttleKey = tenantID + "\u{0}" + username.lowercased()
        let now = self.wallClock.currentDate().secondsSinceEpoch
        let user = try self.read(tenantID) { $0.user(email: username) }
        let admission: Result<Int?, LocalIssuerError> = self.state.withLock { state in
            if let retryAfter = state.throttle.retryAfter(throttleKey, now: now) {
                return .failure(
                    LocalIssuerError(.tooManyRequests, "too many failed logins; retry after \(retryAfter) seconds", retryAfterSeconds: retryAfter)
                )
            }
            guard state.passwordChecksInFlight < self.configuration.maximumConcurrentPasswordChecks else {
                return .failure(
                    LocalIssuerError(.tooManyRequests, "the issuer is busy checking other logins; retry in a second", retryAfterSeconds: 1)
                )
            }
            state.passwordChecksInFlight += 1
            return .success(state.throttle.recordFailure(throttleKey, now: now))
        }
        if let lockout = try admission.get() {
            self.logger.notice("login locked out", metadata: ["tenant": "\(tenantID)", "seconds": "\(lockout)"])
        }
        // Hash outside the lock; an unknown user costs the same as a wrong password.
        let matches = PasswordHash.verify(password, against: user?.passwordHash ?? self.decoy()) && user != nil
        self.state.withLock { state in
            state.passwordChecksInFlight -= 1
            if matches { state.throttle.recordSuccess(throttleKey) }
        }
        guard let user, matches else { throw LocalIssuerError(.invalidGrant, "invalid username or password") }
        return user
    }

    private func refreshGrant(tenantID: String, application: RegisteredApplication, parameters: [String: String]) throws(LocalIssuerError)
        -> IssuedTokens
    {
        guard let token = parameters["refresh_token"], !token.isEmpty else {
            throw LocalIssuerError(.invalidRequest, "refresh_token is required")
        }
        let digest = Base64URL.encode(secretDigest(token))
        let now = self.wallClock.currentDate().secondsSinceEpoch
        var outcome: Result<(user: LocalUser, scope: String, refreshToken: String), LocalIssuerError> =
            .failure(LocalIssuerError(.invalidGrant, "refresh token not valid"))
        // The old token is marked used and its successor stored in one critical section: a
        // reuse that revokes the family always finds the successor.
        try self.mutate(tenantID, [.refreshTokens]) { tenant throws(LocalIssuerError) in
            tenant.pruneRefreshGrants(now: now)
            guard var grant = tenant.refreshGrants[digest], grant.clientID == application.clientID else { return }
            if grant.used {
                // A used token came back: someone holds a copy. Revoke the whole family.
                tenant.refreshGrants = tenant.refreshGrants.filter { $0.value.family != grant.family }
                self.logger.notice(
                    "refresh token reused; its family is revoked",
                    metadata: ["tenant": "\(tenantID)", "clientId": "\(application.clientID)"]
                )
                return
            }
            guard let user = tenant.users[grant.userID] else { return }
            let scope = try self.refreshedScope(granted: grant.scope, requested: parameters["scope"])
            grant.used = true
            tenant.refreshGrants[digest] = grant
            let successor = self.addRefreshGrant(to: &tenant, clientID: application.clientID, userID: user.id, scope: scope, family: grant.family)
            outcome = .success((user, scope, successor))
        }
        let (user, scope, refreshToken) = try outcome.get()
        return try self.mint(
            tenantID: tenantID,
            application: application,
            subject: .user(user),
            scope: scope,
            amr: ["cloud_directory"],
            refreshToken: refreshToken
        )
    }

    /// The scope of a refreshed grant: the granted one, or the requested subset of it.
    /// - Throws: `.invalidScope` when the request adds a scope that was not granted.
    private func refreshedScope(granted grantedScope: String, requested: String?) throws(LocalIssuerError) -> String {
        guard let requested else { return grantedScope }
        let granted = Set(grantedScope.split(separator: " ").map(String.init))
        let wanted = requested.split(separator: " ").map(String.init)
        guard wanted.allSatisfy(granted.contains) else {
            throw LocalIssuerError(.invalidScope, "a refresh cannot add scopes that were not granted")
        }
        var scope = self.configuration.defaultScopes.filter(granted.contains).joined(separator: " ")
        let extra = wanted.filter { !self.configuration.defaultScopes.contains($0) }
        if !extra.isEmpty { scope += (scope.isEmpty ? "" : " ") + extra.joined(separator: " ") }
        return scope
    }

    /// Stores a new refresh grant in `tenant` (by the digest of its token) and returns the token.
    func addRefreshGrant(to tenant: inout TenantState, clientID: String, userID: String, scope: String, family: String) -> String {
        let now = self.wallClock.currentDate().secondsSinceEpoch
        let token = Base64URL.random()
        tenant.pruneRefreshGrants(now: now)
        tenant.refreshGrants[Base64URL.encode(secretDigest(token))] = RefreshGrant(
            clientID: clientID,
            userID: userID,
            scope: scope,
            expiresAt: now + self.configuration.refreshTokenLifetime.seconds,
            family: family
        )
        return token
    }

    private func jwtBearerGrant(tenantID: String, application: RegisteredApplication, parameters: [String: String]) throws(LocalIssuerError)
        -> IssuedTokens
    {
        guard let assertion = parameters["assertion"], !assertion.isEmpty else {
            throw LocalIssuerError(.invalidRequest, "assertion is required")
        }
        guard let pem = try self.read(tenantID, { $0.customIdentityKey }) else {
            throw LocalIssuerError(.unauthorizedClient, "custom identity is not configured for this tenant")
        }
        // The assertion's issuer is the application's own identity provider (any value) and its
        // kid only a label: both are read to configure the check; the one configured key, the
        // signature and `aud` decide.
        var parts = try? TokenParts(assertion, maximumLength: 16 * 1024)
        let keys = try CustomIdentityKey.parse(pem, keyID: parts?.header.keyID)
        let oauthServerURL = try self.oauthServerURL(tenantID: tenantID)
        guard let assertedIssuer = try? parts?.claims().issuer else {
            throw LocalIssuerError(.invalidGrant, "assertion not valid: no iss")
        }
        var rules = TokenVerifier.Configuration(issuer: assertedIssuer, audience: .oneOf([oauthServerURL]))
        rules.algorithms = [.rs256]
        rules.leeway = .seconds(Self.assertionLeeway)
        let verified: VerifiedToken
        do {
            verified = try TokenVerifier(configuration: rules).verify(assertion, keys: keys, now: self.wallClock.currentDate())
        } catch {
            throw LocalIssuerError(.invalidGrant, "assertion not valid: \(error.code.publicDescription)")
        }
        guard let subject = verified.claims.subject, !subject.isEmpty else {
            throw LocalIssuerError(.invalidGrant, "assertion not valid: no sub")
        }
        let scope = try self.grantedScope(requested: parameters["scope"] ?? verified.claims["scope"]?.stringValue, application: application)
        try self.useAssertionOnce(assertion, expiresAt: verified.claims.expiresAt)
        let id = derivedUUID(assertedIssuer + "\u{0}" + subject)
        return try self.mint(
            tenantID: tenantID,
            application: application,
            subject: .custom(id: id, name: verified.claims["name"]?.stringValue, email: verified.claims["email"]?.stringValue),
            scope: scope,
            amr: ["appid_custom"],
            refreshToken: nil
        )
    }

    /// Takes a verified JWT-bearer assertion once: its `exp` must be at most
    /// ``maximumAssertionLifetime`` ahead (RFC 7523 §3 lets the server refuse one "unreasonably
    /// far in the future"), and an assertion already exchanged is refused until it expires, so
    /// a copy seen on the way cannot be exchanged again. It is remembered (in memory) until the
    /// verifier's leeway past its `exp` has passed too.
    func useAssertionOnce(_ assertion: String, expiresAt: NumericDate?) throws(LocalIssuerError) {
        let now = Int64(self.wallClock.currentDate().secondsSinceEpoch)
        guard let expiresAt, expiresAt.secondsSinceEpoch <= Double(now + Self.maximumAssertionLifetime) else {
            throw LocalIssuerError(.invalidGrant, "assertion not valid: exp more than an hour ahead")
        }
        let digest = Base64URL.encode(secretDigest(assertion))
        let forgetAt = Int64(expiresAt.secondsSinceEpoch.rounded(.up)) + Self.assertionLeeway
        let fresh = self.state.withLock { state in
            state.usedAssertions = state.usedAssertions.filter { $0.value >= now }
            return state.usedAssertions.updateValue(forgetAt, forKey: digest) == nil
        }
        guard fresh else { throw LocalIssuerError(.invalidGrant, "assertion already used") }
    }

    /// How far ahead a JWT-bearer assertion's `exp` may be, in seconds (one hour).
    static let maximumAssertionLifetime: Int64 = 3600
    /// The clock skew allowed on an assertion's time claims, in seconds.
    static let assertionLeeway: Int64 = 30

    /// The default scopes plus the requested ones, each of which the application must have.
    func grantedScope(requested: String?, application: RegisteredApplication) throws(LocalIssuerError) -> String {
        var scopes = self.configuration.defaultScopes
        for scope in (requested ?? "").split(separator: " ").map(String.init) where !scopes.contains(scope) {
            guard application.scopes.contains(scope) else {
                throw LocalIssuerError(.invalidScope, "scope \"\(Self.printable(scope))\" is not granted to this application")
            }
            scopes.append(scope)
        }
        return scopes.joined(separator: " ")
    }

    /// Signs the tokens of a grant (outside the lock). The refresh token, if any, is already
    /// stored (by the caller, in the critical section that checked the grant).
    func mint(
        tenantID: String,
        application: RegisteredApplication,
        subject: Subject,
        scope: String,
        amr: [JSONValue],
        refreshToken: String?,
        nonce: String? = nil
    ) throws(LocalIssuerError) -> IssuedTokens {
        let oauthServerURL = try self.oauthServerURL(tenantID: tenantID)
        guard let key = try self.read(tenantID, { $0.signingKey }) else {
            throw LocalIssuerError(.storageFailed, "no signing key")
        }
        let now = Int64(self.wallClock.currentDate().secondsSinceEpoch)
        let lifetime = Int64(self.configuration.accessTokenLifetime.seconds)
        var common: [String: JSONValue] = [
            "iss": .string(oauthServerURL),
            "aud": [.string(application.clientID)],
            "exp": .number(JSONNumber(now + lifetime)),
            "iat": .number(JSONNumber(now)),
            "tenant": .string(tenantID),
            "amr": .array(amr),
        ]
        var identity: [String: JSONValue]?
        switch subject {
        case .client:
            common["sub"] = .string(application.clientID)
        case .user(let user):
            common["sub"] = .string(user.id)
            identity = [
                "name": .string(user.name), "email": .string(user.email), "email_verified": false,
                "identities": [["provider": "cloud_directory", "id": .string(user.id)]],
            ]
        case .custom(let id, let name, let email):
            common["sub"] = .string(id)
            var claims: [String: JSONValue] = ["identities": [["provider": "custom", "id": .string(id)]]]
            if let name { claims["name"] = .string(name) }
            if let email { claims["email"] = .string(email) }
            identity = claims
        }
        var access = common
        access["scope"] = .string(scope)
        access["jti"] = .string(Base64URL.random(bytes: 12))
        let accessToken: String
        var identityToken: String?
        do {
            accessToken = try key.sign(claims: access, type: IssuerSigningKey.accessTokenType)
            if var identity {
                identity.merge(common) { own, _ in own }
                if let nonce { identity["nonce"] = .string(nonce) }
                // OpenID Connect Core §3.1.3.6: binds the identity token to this access token.
                identity["at_hash"] = .string(AccessTokenHash.value(of: accessToken, algorithm: .rs256))
                identity["azp"] = .string(application.clientID)
                identityToken = try key.sign(claims: identity)
            }
        } catch {
            throw LocalIssuerError(.storageFailed, "cannot sign: \(error)")
        }
        return IssuedTokens(
            accessToken: accessToken,
            identityToken: identityToken,
            refreshToken: refreshToken,
            expiresIn: Int(lifetime),
            scope: scope
        )
    }

    /// A PBKDF2 hash of nothing in particular, computed once, checked for unknown users.
    func decoy() -> String {
        self.decoyHash.withLock { hash in
            if let hash { return hash }
            let made = (try? PasswordHash.make(Base64URL.random(), rounds: self.configuration.passwordHashRounds)) ?? ""
            hash = made
            return made
        }
    }

    /// A value safe to echo in a message: visible ASCII only, at most 64 characters.
    static func printable(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.prefix(64).map { (0x20...0x7E).contains($0.value) ? $0 : "?" }))
    }
}
