import TokenGate

/// Everything the issuer knows about one tenant. A value: each change is made on a copy,
/// written to disk, and only then becomes the current state, so memory never runs ahead of
/// the files.
struct TenantState: Sendable {
    let tenantID: String
    var applications: [String: RegisteredApplication] = [:]
    var users: [String: LocalUser] = [:]
    var keys: [IssuerSigningKey] = [] {
        didSet { self.verificationKeys = Self.verificationKeys(for: self.keys) }
    }
    /// The public halves of ``keys``, parsed once per change, for the issuer's own checks of its
    /// tokens (UserInfo, introspection, profile attributes).
    private(set) var verificationKeys = KeySet.empty
    /// Refresh grants by the base64url SHA-256 of the refresh token.
    var refreshGrants: [String: RefreshGrant] = [:]
    /// The PEM public key that signs custom-identity assertions (`jwt-bearer`), when configured.
    var customIdentityKey: String?
    /// The redirect URIs the authorization endpoint accepts (exact match), for every application.
    var redirectURIs: [String] = []
    /// Users' profile attributes, by user id.
    var attributes: [String: [String: JSONValue]] = [:]

    init(tenantID: String) {
        self.tenantID = tenantID
    }

    /// The user with this email (compared case-insensitively).
    func user(email: String) -> LocalUser? {
        let wanted = email.lowercased()
        return self.users.values.first { $0.email.lowercased() == wanted }
    }

    /// The key that signs now.
    var signingKey: IssuerSigningKey? {
        self.keys.first { $0.phase == .current }
    }

    /// The keys published at `/publickeys`: the next key, the current one, and retired keys
    /// whose tokens may still be alive.
    func publishedKeys(now: Double) -> [IssuerSigningKey] {
        self.keys.filter { $0.phase != .retired || ($0.retireAt ?? 0) > now }
    }

    /// Ensures a current and a next key exist (first start).
    mutating func ensureKeys(now: Double) throws {
        if self.signingKey == nil {
            if let index = self.keys.firstIndex(where: { $0.phase == .next }) {
                self.keys[index].phase = .current
            } else {
                self.keys.append(try IssuerSigningKey.generate(tenantID: self.tenantID, now: now, phase: .current))
            }
        }
        if !self.keys.contains(where: { $0.phase == .next }) {
            self.keys.append(try IssuerSigningKey.generate(tenantID: self.tenantID, now: now, phase: .next))
        }
    }

    /// Rotates: the published next key starts signing, the current key retires but stays
    /// published until `now + keepFor` (its tokens' lifetime), a new next key is published,
    /// and retired keys past their time are dropped.
    mutating func rotateKeys(now: Double, keepFor: Double) throws {
        try self.ensureKeys(now: now)
        for index in self.keys.indices {
            switch self.keys[index].phase {
            case .current:
                self.keys[index].phase = .retired
                self.keys[index].retireAt = now + keepFor
            case .next:
                self.keys[index].phase = .current
            case .retired:
                break
            }
        }
        self.keys.removeAll { $0.phase == .retired && ($0.retireAt ?? 0) <= now }
        self.keys.append(try IssuerSigningKey.generate(tenantID: self.tenantID, now: now, phase: .next))
    }

    /// Retired keys stay in the set until they are dropped at the next rotation: a token they
    /// signed has expired by then, so the set never verifies more than the published one did.
    static func verificationKeys(for keys: [IssuerSigningKey]) -> KeySet {
        let jwks: JSONValue = ["keys": .array(keys.map(\.publicJWK))]
        return (try? KeySet(jwks: jwks.serializedBytes)) ?? .empty
    }

    /// Drops refresh grants that expired.
    mutating func pruneRefreshGrants(now: Double) {
        self.refreshGrants = self.refreshGrants.filter { $0.value.expiresAt > now }
    }
}
