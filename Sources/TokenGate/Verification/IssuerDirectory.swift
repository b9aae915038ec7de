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
    /// The issuer when there is exactly one: its token needs no routing.
    private let single: IssuerVerifier?
    /// The longest token any issuer accepts (the limit while routing; the chosen issuer's own
    /// limit is checked after).
    private let maximumTokenLength: Int

    /// The configured issuers.
    public var all: [IssuerVerifier] { Array(self.issuers.values) }

    /// The key sets of the configured issuers (for a refresh service).
    public var keySets: [KeySetCache] { self.issuers.values.map(\.keys) }

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
        self.maximumTokenLength = issuers.map(\.verifier.configuration.maximumTokenLength).max() ?? 0
    }

    /// The issuer with this identifier, if configured.
    public subscript(issuer: String) -> IssuerVerifier? { self.issuers[issuer] }

    /// Verifies a token with the issuer its `iss` names. The token is read once: the claims
    /// read to choose the issuer are the ones that issuer then verifies.
    /// - Throws: ``TokenGateError`` `.invalidIssuer` for an issuer that is not configured,
    ///   otherwise as ``IssuerVerifier/verify(_:)``.
    public func verify(_ token: String) async throws(TokenGateError) -> VerifiedToken {
        if let single = self.single { return try await single.verify(token) }
        var parts = try TokenParts(token, maximumLength: self.maximumTokenLength)
        guard let claimed = try parts.claims().issuer, let issuer = self.issuers[claimed] else {
            throw TokenGateError(.invalidIssuer, detail: "issuer not configured")
        }
        guard token.utf8.count <= issuer.verifier.configuration.maximumTokenLength else { throw TokenGateError(.tokenTooLarge) }
        return try await issuer.verify(&parts)
    }
}
