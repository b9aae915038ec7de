public import Logging
import Synchronization
public import TokenGate

/// An issuer that behaves like IBM Cloud App ID for one or more tenants, for development and
/// tests without the cloud service: register applications (client ID and secret), add users,
/// obtain tokens with the password, client-credentials, refresh-token and JWT-bearer grants,
/// and verify them against `/publickeys`.
///
/// The programmatic API below is what the HTTP endpoints call (see ``run()`` and the
/// `appid-dev-server` executable); tests and examples can use either.
///
/// ```swift
/// let issuer = try LocalIssuer(configuration: .init())
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { try await issuer.run() }
///     let baseURL = try await issuer.waitUntilRunning()
///     let app = try issuer.registerApplication(tenantID: "dev-tenant", name: "my-api")
///     print(baseURL, app.clientID, app.secret!)
/// }
/// ```
public final class LocalIssuer: Sendable {
    /// A user of the password grant, as the management API shows it (never the password).
    public struct User: Sendable, Hashable {
        /// The user's id (the `sub` of their tokens).
        public let id: String
        /// The login name.
        public let email: String
        /// The display name.
        public let name: String
    }

    struct Locked: ~Copyable {
        var tenants: [String: TenantState]
        var throttle: LoginThrottle
        /// Password hashes being computed now, across all user names.
        var passwordChecksInFlight = 0
        var boundBaseURL: String?
        var waiters: [CheckedContinuation<String, any Error>] = []
        var running = false
        var stopped = false
        /// Authorization codes by the digest of the code.
        var codes: [String: AuthorizationCode] = [:]
        /// Administration sessions by the digest of the session cookie.
        var adminSessions: [String: AdminSession] = [:]
        /// JWT-bearer assertions already exchanged, by digest, with their `exp`: each is taken
        /// once (RFC 7523 §3); entries leave once expired.
        var usedAssertions: [String: Int64] = [:]
    }

    /// The configuration.
    public let configuration: Configuration
    /// The admin token, when this instance was given it or generated it (a generated token is
    /// stored only as a digest, so a later start over the same state directory cannot show it).
    public let adminToken: String?
    let adminDigest: [UInt8]
    let store: StateStore
    let wallClock: any WallClock
    let logger: Logger
    let state: Mutex<Locked>
    /// A hash to check when the user is unknown, so a login takes as long either way.
    let decoyHash: Mutex<String?> = Mutex(nil)

    /// Loads (or creates) the state and prepares the tenants; nothing is served until ``run()``.
    /// - Parameters:
    ///   - configuration: What to serve and where to keep state.
    ///   - wallClock: Time for token claims, lockouts and key retirement.
    ///   - logger: Requests and state changes, never a token, secret or password.
    /// - Throws: ``LocalIssuerError`` `.corruptState` naming a state file that cannot be used
    ///   (nothing is overwritten), `.storageFailed`, or `.invalidRequest` for a bad tenant ID
    ///   or user seed.
    public init(
        configuration: Configuration,
        wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "TokenGate.LocalIssuer", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(LocalIssuerError) {
        self.configuration = configuration
        self.store = StateStore(directory: configuration.stateDirectory)
        self.wallClock = wallClock
        self.logger = logger
        guard !configuration.tenantIDs.isEmpty else { throw LocalIssuerError(.invalidRequest, "at least one tenant ID is needed") }
        for tenantID in configuration.tenantIDs where !Self.isValidTenantID(tenantID) {
            throw LocalIssuerError(.invalidRequest, "tenant ID \"\(tenantID)\" must be 1–64 letters, digits, '-', '_' or '.', not starting with '.'")
        }
        let now = wallClock.currentDate().secondsSinceEpoch

        // Load everything first, so a corrupt file stops the start before anything is written.
        var tenants: [String: TenantState] = [:]
        for tenantID in configuration.tenantIDs {
            tenants[tenantID] = try self.store.load(tenantID: tenantID)
        }
        let storedDigest = try self.store.loadAdminDigest()
        for tenantID in configuration.tenantIDs {
            var tenant = tenants[tenantID]!
            let hadKeys = tenant.signingKey != nil && tenant.keys.contains { $0.phase == .next }
            do {
                try tenant.ensureKeys(now: now)
            } catch {
                throw LocalIssuerError(.storageFailed, "cannot generate a signing key: \(error)")
            }
            if !hadKeys { try self.store.save([.keys], of: tenant) }
            var addedUser = false
            for seed in configuration.users where tenant.user(email: seed.email) == nil {
                let user = try Self.makeUser(email: seed.email, password: seed.password, name: seed.name, rounds: configuration.passwordHashRounds)
                tenant.users[user.id] = user
                addedUser = true
            }
            if addedUser { try self.store.save([.users], of: tenant) }
            tenants[tenantID] = tenant
        }
        if let given = configuration.adminToken {
            guard given.utf8.count >= 16 else { throw LocalIssuerError(.invalidRequest, "the admin token must have at least 16 characters") }
            self.adminToken = given
            self.adminDigest = secretDigest(given)
            if storedDigest != self.adminDigest { try self.store.saveAdminDigest(self.adminDigest) }
        } else if let storedDigest {
            self.adminToken = nil
            self.adminDigest = storedDigest
        } else {
            let generated = Base64URL.random()
            self.adminToken = generated
            self.adminDigest = secretDigest(generated)
            try self.store.saveAdminDigest(self.adminDigest)
        }
        let fixedURL = configuration.publicBaseURL ?? (configuration.port != 0 ? "http://\(configuration.host):\(configuration.port)" : nil)
        self.state = Mutex(
            Locked(
                tenants: tenants,
                throttle: LoginThrottle(maximumFailures: configuration.maximumFailedLogins, firstLockout: configuration.lockout.seconds),
                boundBaseURL: fixedURL.map(Self.trimmingSlash)
            )
        )
    }

    // MARK: - URLs

    /// The base URL (`http://host:port`), once known.
    public var baseURL: String? {
        self.state.withLock { $0.boundBaseURL }
    }

    /// `<baseURL>/oauth/v4/<tenantID>`: the issuer of the tenant's tokens.
    /// - Throws: `.notRunning` before the URL is known, `.notFound` for an unknown tenant.
    public func oauthServerURL(tenantID: String) throws(LocalIssuerError) -> String {
        try self.urls(tenantID: tenantID).oauthServerURL
    }

    /// `<baseURL>/management/v4/<tenantID>`: the tenant's management API.
    /// - Throws: `.notRunning` before the URL is known, `.notFound` for an unknown tenant.
    public func managementURL(tenantID: String) throws(LocalIssuerError) -> String {
        try self.urls(tenantID: tenantID).base + "/management/v4/" + tenantID
    }

    func urls(tenantID: String) throws(LocalIssuerError) -> (base: String, oauthServerURL: String) {
        let (base, known) = self.state.withLock { ($0.boundBaseURL, $0.tenants[tenantID] != nil) }
        guard known else { throw LocalIssuerError(.notFound, "unknown tenant") }
        guard let base else {
            throw LocalIssuerError(.notRunning, "the issuer's URL is not known yet: start it, or set a fixed port or publicBaseURL")
        }
        return (base, "\(base)/oauth/v4/\(tenantID)")
    }

    /// Remembers the address the server bound and wakes ``waitUntilRunning()``.
    func serverStarted(port: Int) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<String, any Error>] in
            if state.boundBaseURL == nil { state.boundBaseURL = "http://\(self.configuration.host):\(port)" }
            state.running = true
            defer { state.waiters = [] }
            return state.waiters
        }
        let url = self.baseURL!
        for waiter in waiters { waiter.resume(returning: url) }
    }

    /// Wakes waiters with an error when the server stops before (or without) starting.
    func serverStopped(_ error: any Error) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<String, any Error>] in
            state.stopped = true
            state.running = false
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// Waits until the server accepts connections and returns its base URL.
    /// - Throws: The server's error when it stopped without starting.
    public func waitUntilRunning() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            let immediate = self.state.withLock { state -> Result<String, any Error>? in
                if state.stopped { return .failure(LocalIssuerError(.notRunning, "the issuer stopped")) }
                if state.running, let url = state.boundBaseURL { return .success(url) }
                state.waiters.append(continuation)
                return nil
            }
            if let immediate { continuation.resume(with: immediate) }
        }
    }

    // MARK: - Applications

    /// Registers an application and returns its credentials, the only time its secret is shown.
    /// - Parameters:
    ///   - tenantID: The tenant.
    ///   - name: 1–50 characters, no control characters.
    ///   - type: `regularwebapp`, `singlepageapp`, or `nil`.
    ///   - scopes: Scopes tokens for this application may carry beyond the defaults.
    /// - Throws: `.invalidRequest` for a bad name or type, `.notFound`, `.notRunning`, `.storageFailed`.
    public func registerApplication(tenantID: String, name: String, type: String? = nil, scopes: [String] = []) throws(LocalIssuerError)
        -> AppIDCredentials
    {
        try Self.validateApplicationName(name)
        if let type, type != "regularwebapp", type != "singlepageapp" {
            throw LocalIssuerError(.invalidRequest, "type must be \"regularwebapp\" or \"singlepageapp\"")
        }
        let scopes = try Self.validateScopes(scopes)
        let secret = Base64URL.random()
        let application = RegisteredApplication(clientID: randomUUID(), name: name, type: type, scopes: scopes, secretDigest: secretDigest(secret))
        try self.mutate(tenantID, [.applications]) { tenant throws(LocalIssuerError) in
            tenant.applications[application.clientID] = application
        }
        self.logger.info("application registered", metadata: ["tenant": "\(tenantID)", "clientId": "\(application.clientID)"])
        var credentials = try self.credentials(application, tenantID: tenantID)
        credentials.secret = secret
        return credentials
    }

    /// The tenant's applications, without secrets, by name.
    public func applications(tenantID: String) throws(LocalIssuerError) -> [AppIDCredentials] {
        let applications = try self.read(tenantID) { $0.applications.values.sorted { ($0.name, $0.clientID) < ($1.name, $1.clientID) } }
        var result: [AppIDCredentials] = []
        for application in applications { result.append(try self.credentials(application, tenantID: tenantID)) }
        return result
    }

    /// One application, without its secret.
    /// - Throws: `.notFound` for an unknown client ID.
    public func application(tenantID: String, clientID: String) throws(LocalIssuerError) -> AppIDCredentials {
        try self.credentials(try self.registered(tenantID: tenantID, clientID: clientID), tenantID: tenantID)
    }

    /// Renames an application.
    /// - Throws: `.invalidRequest` for a bad name, `.notFound`.
    public func renameApplication(tenantID: String, clientID: String, name: String) throws(LocalIssuerError) -> AppIDCredentials {
        try Self.validateApplicationName(name)
        try self.mutate(tenantID, [.applications]) { tenant throws(LocalIssuerError) in
            guard tenant.applications[clientID] != nil else { throw LocalIssuerError(.notFound, "no application with this client ID") }
            tenant.applications[clientID]!.name = name
        }
        return try self.application(tenantID: tenantID, clientID: clientID)
    }

    /// Deletes an application; its refresh tokens stop working at once.
    /// - Throws: `.notFound`.
    public func deleteApplication(tenantID: String, clientID: String) throws(LocalIssuerError) {
        try self.mutate(tenantID, [.applications, .refreshTokens]) { tenant throws(LocalIssuerError) in
            guard tenant.applications.removeValue(forKey: clientID) != nil else {
                throw LocalIssuerError(.notFound, "no application with this client ID")
            }
            tenant.refreshGrants = tenant.refreshGrants.filter { $0.value.clientID != clientID }
        }
        self.logger.info("application deleted", metadata: ["tenant": "\(tenantID)", "clientId": "\(clientID)"])
    }

    /// The scopes an application's tokens may carry beyond the defaults.
    public func scopes(tenantID: String, clientID: String) throws(LocalIssuerError) -> [String] {
        try self.registered(tenantID: tenantID, clientID: clientID).scopes
    }

    /// Replaces an application's scopes.
    /// - Throws: `.invalidRequest` for an empty or malformed scope, `.notFound`.
    public func setScopes(tenantID: String, clientID: String, scopes: [String]) throws(LocalIssuerError) -> [String] {
        let scopes = try Self.validateScopes(scopes)
        try self.mutate(tenantID, [.applications]) { tenant throws(LocalIssuerError) in
            guard tenant.applications[clientID] != nil else { throw LocalIssuerError(.notFound, "no application with this client ID") }
            tenant.applications[clientID]!.scopes = scopes
        }
        return scopes
    }

    // MARK: - Users

    /// Adds a user for the password grant; the password is stored as a salted PBKDF2 hash.
    /// - Throws: `.invalidRequest` for an empty email or password, `.conflict` when the email
    ///   is taken, `.notFound`, `.storageFailed`.
    public func addUser(tenantID: String, email: String, password: String, name: String? = nil) throws(LocalIssuerError) -> User {
        _ = try self.read(tenantID) { _ in () }
        let user = try Self.makeUser(email: email, password: password, name: name, rounds: self.configuration.passwordHashRounds)
        try self.mutate(tenantID, [.users]) { tenant throws(LocalIssuerError) in
            guard tenant.user(email: user.email) == nil else { throw LocalIssuerError(.conflict, "a user with this email exists") }
            tenant.users[user.id] = user
        }
        return User(user)
    }

    /// The tenant's users, by email.
    public func users(tenantID: String) throws(LocalIssuerError) -> [User] {
        try self.read(tenantID) { $0.users.values.map(User.init).sorted { $0.email < $1.email } }
    }

    /// Removes a user; their refresh tokens stop working at once.
    /// - Throws: `.notFound`.
    public func removeUser(tenantID: String, id: String) throws(LocalIssuerError) {
        try self.mutate(tenantID, [.users, .refreshTokens, .attributes]) { tenant throws(LocalIssuerError) in
            guard tenant.users.removeValue(forKey: id) != nil else { throw LocalIssuerError(.notFound, "no user with this id") }
            tenant.refreshGrants = tenant.refreshGrants.filter { $0.value.userID != id }
            tenant.attributes[id] = nil
        }
    }

    // MARK: - Keys

    /// Rotates the tenant's signing key: the key published in advance starts signing, the
    /// current one stays published until the tokens it signed expire, and a new key is
    /// published for the next rotation.
    /// - Returns: The `kid` that signs from now on.
    @discardableResult
    public func rotateKeys(tenantID: String) throws(LocalIssuerError) -> String {
        let now = self.wallClock.currentDate().secondsSinceEpoch
        let keepFor = self.configuration.accessTokenLifetime.seconds + 300
        var signing = ""
        try self.mutate(tenantID, [.keys]) { tenant throws(LocalIssuerError) in
            do {
                try tenant.rotateKeys(now: now, keepFor: keepFor)
            } catch {
                throw LocalIssuerError(.storageFailed, "cannot generate a signing key: \(error)")
            }
            signing = tenant.signingKey?.keyID ?? ""
        }
        self.logger.info("signing key rotated", metadata: ["tenant": "\(tenantID)", "kid": "\(signing)"])
        return signing
    }

    /// The `kid` of the key that signs now.
    public func signingKeyID(tenantID: String) throws(LocalIssuerError) -> String {
        try self.read(tenantID) { $0.signingKey?.keyID ?? "" }
    }

    /// The tenant's JWKS (`/publickeys`): the next, current and still-needed retired keys.
    public func publicKeys(tenantID: String) throws(LocalIssuerError) -> JSONValue {
        let now = self.wallClock.currentDate().secondsSinceEpoch
        let keys = try self.read(tenantID) { $0.publishedKeys(now: now) }
        return ["keys": .array(keys.map(\.publicJWK))]
    }

    /// Sets the PEM public key (RSA, SPKI) that verifies custom-identity assertions for the
    /// JWT-bearer grant (App ID's "custom identity" provider); `nil` turns the grant off.
    /// - Throws: `.invalidRequest` for a key that is not an RSA public key of at least 2048 bits.
    public func setCustomIdentityKey(tenantID: String, pem: String?) throws(LocalIssuerError) {
        if let pem { _ = try CustomIdentityKey.parse(pem) }
        try self.mutate(tenantID, [.config]) { tenant throws(LocalIssuerError) in
            tenant.customIdentityKey = pem
        }
    }

    // MARK: - Helpers

    func read<T>(_ tenantID: String, _ body: (TenantState) -> T) throws(LocalIssuerError) -> T {
        let result: T? = self.state.withLock { state in
            guard let tenant = state.tenants[tenantID] else { return nil }
            return body(tenant)
        }
        guard let result else { throw LocalIssuerError(.notFound, "unknown tenant") }
        return result
    }

    /// Changes a tenant on a copy, writes the changed parts, then makes the copy current; on
    /// any error nothing changes.
    func mutate(_ tenantID: String, _ parts: [StateStore.Part], _ change: (inout TenantState) throws(LocalIssuerError) -> Void)
        throws(LocalIssuerError)
    {
        let result: Result<Void, LocalIssuerError> = self.state.withLock { state in
            guard var tenant = state.tenants[tenantID] else { return .failure(LocalIssuerError(.notFound, "unknown tenant")) }
            do throws(LocalIssuerError) {
                try change(&tenant)
                try self.commit(tenant, parts, to: &state)
            } catch {
                return .failure(error)
            }
            return .success(())
        }
        try result.get()
    }

    /// Writes the changed parts of a tenant, then makes it current (called under the lock, for
    /// changes that must happen together with other parts of the locked state).
    func commit(_ tenant: TenantState, _ parts: [StateStore.Part], to state: inout Locked) throws(LocalIssuerError) {
        try self.store.save(parts, of: tenant)
        state.tenants[tenant.tenantID] = tenant
    }

    func registered(tenantID: String, clientID: String) throws(LocalIssuerError) -> RegisteredApplication {
        guard let application = try self.read(tenantID, { $0.applications[clientID] }) else {
            throw LocalIssuerError(.notFound, "no application with this client ID")
        }
        return application
    }

    func credentials(_ application: RegisteredApplication, tenantID: String) throws(LocalIssuerError) -> AppIDCredentials {
        let urls = try self.urls(tenantID: tenantID)
        return AppIDCredentials(
            clientID: application.clientID,
            tenantID: tenantID,
            oauthServerURL: urls.oauthServerURL,
            name: application.name,
            profilesURL: urls.base,
            type: application.type
        )
    }

    static func makeUser(email: String, password: String, name: String?, rounds: Int) throws(LocalIssuerError) -> LocalUser {
        let email = email.trimmingSpaces
        guard !email.isEmpty, email.utf8.count <= 254, !email.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == " " }) else {
            throw LocalIssuerError(.invalidRequest, "email must be 1–254 characters without spaces or control characters")
        }
        guard !password.isEmpty, password.utf8.count <= 1024 else {
            throw LocalIssuerError(.invalidRequest, "password must be 1–1024 bytes")
        }
        let displayName = name ?? String(email.split(separator: "@").first ?? Substring(email))
        guard displayName.count <= 100, !displayName.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw LocalIssuerError(.invalidRequest, "name must be at most 100 characters without control characters")
        }
        let hash: String
        do {
            hash = try PasswordHash.make(password, rounds: rounds)
        } catch {
            throw LocalIssuerError(.storageFailed, "cannot hash the password: \(error)")
        }
        return LocalUser(id: randomUUID(), email: email, name: displayName, passwordHash: hash)
    }

    static func validateApplicationName(_ name: String) throws(LocalIssuerError) {
        guard !name.trimmingSpaces.isEmpty, name.count <= 50 else {
            throw LocalIssuerError(.invalidRequest, "The name of your application must have 1 to 50 characters.")
        }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw LocalIssuerError(.invalidRequest, "The name of your application cannot contain control characters.")
        }
    }

    static func validateScopes(_ scopes: [String]) throws(LocalIssuerError) -> [String] {
        var result: [String] = []
        for scope in scopes {
            // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
            guard !scope.isEmpty, scope.utf8.count <= 128,
                scope.utf8.allSatisfy({ $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) })
            else {
                throw LocalIssuerError(.invalidRequest, "each scope must be 1–128 visible ASCII characters without spaces, '\"' or '\\'")
            }
            if !result.contains(scope) { result.append(scope) }
        }
        guard result.count <= 100 else { throw LocalIssuerError(.invalidRequest, "at most 100 scopes") }
        return result
    }

    static func isValidTenantID(_ tenantID: String) -> Bool {
        guard (1...64).contains(tenantID.utf8.count), !tenantID.hasPrefix(".") else { return false }
        return tenantID.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                true
            default:
                false
            }
        }
    }

    static func trimmingSlash(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}

extension LocalIssuer.User {
    init(_ user: LocalUser) {
        self.init(id: user.id, email: user.email, name: user.name)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
