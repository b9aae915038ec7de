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
    }

    /// The issuer with this identifier, if configured.
    public subscript(issuer: String) -> IssuerVerifier? { self.issuers[issuer] }

    /// Verifies a token with the issuer its `iss` names.
    /// - Throws: ``TokenGateError`` `.invalidIssuer` for an issuer that is not configured (or a
    ///   token whose `iss` cannot be read), otherwise as ``IssuerVerifier/verify(_:)``.
    public func verify(_ token: String) async throws(TokenGateError) -> VerifiedToken {
        if self.issuers.count == 1, let only = self.issuers.values.first {
            return try await only.verify(token)
        }
        let maximumLength = self.issuers.values.map(\.verifier.configuration.maximumTokenLength).max() ?? 16 * 1024
        guard let claimed = TokenPeek(token, maximumLength: maximumLength).issuer, let issuer = self.issuers[claimed] else {
            throw TokenGateError(.invalidIssuer, detail: "issuer not configured")
        }
        return try await issuer.verify(token)
    }
}
