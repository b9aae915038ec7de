/// Several trusted issuers in one process (several App ID tenants, or several providers),
/// each with its own rules and key set.
///
/// The token's unverified `iss` only selects among the configured issuers; the selected
/// issuer's verifier then checks `iss` again and uses only that issuer's keys, so a key of
/// issuer A never verifies a token that claims issuer B, and no token can make the process
/// contact an issuer it was not configured with.
///
/// ```swift
/// let directory = IssuerDirectory([tenantA, tenantB])
/// let token = try await directory.verify(bearer)
/// ```
public struct IssuerDirectory: Sendable {
    private let issuers: [String: IssuerVerifier]
    /// The issuer when there is exactly one (no lookup, no copy out of the dictionary per token).
    private let single: IssuerVerifier?

    /// The configured issuers, by issuer identifier.
    public var all: [IssuerVerifier] { Array(self.issuers.values) }

    /// Creates a directory.
    /// - Parameter issuers: Issuers with distinct identifiers.
    /// - Precondition: no two issuers share an identifier.
    public init(_ issuers: [IssuerVerifier]) {
        var byIssuer: [String: IssuerVerifier] = [:]
        for issuer in issuers {
            precondition(byIssuer[issuer.issuer] == nil, "two configured issuers share the identifier \(issuer.issuer)")
            byIssuer[issuer.issuer] = issuer
        }
        self.issuers = byIssuer
        self.single = byIssuer.count == 1 ? byIssuer.values.first : nil
    }

    /// The issuer with this identifier, if configured.
    public subscript(issuer: String) -> IssuerVerifier? { self.issuers[issuer] }

    /// Verifies a token with the issuer its `iss` names.
    /// - Throws: ``TokenGateError`` `.invalidIssuer` for an issuer that is not configured (or a
    ///   token whose `iss` cannot be read), otherwise as ``IssuerVerifier/verify(_:)``.
    public func verify(_ token: String) async throws(TokenGateError) -> VerifiedToken {
        if let single = self.single { return try await single.verify(token) }
        let maximumLength = self.issuers.values.map(\.verifier.configuration.maximumTokenLength).max() ?? 16 * 1024
        guard let claimed = TokenPeek(token, maximumLength: maximumLength).issuer, let issuer = self.issuers[claimed] else {
            throw TokenGateError(.invalidIssuer, detail: "issuer not configured")
        }
        return try await issuer.verify(token)
    }

    /// ``IssuerVerifier/cachedVerification(_:)`` of the only issuer; `nil` with several issuers
    /// (their path reads the token's `iss` first, in ``verify(_:)``).
    func cachedVerification(_ token: String) -> VerifiedToken? {
        self.single?.cachedVerification(token)
    }

    /// ``verify(_:)`` for a token ``cachedVerification(_:)`` has just not found.
    func verifyMissed(_ token: String) async throws(TokenGateError) -> VerifiedToken {
        if let single = self.single { return try await single.verifyMissed(token) }
        return try await self.verify(token)  // several issuers: the cache was not asked yet
    }
}
