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
    /// Issuers whose `iss` is a tenant template (Entra multi-tenant): tried when no exact name matches.
    private let templated: [IssuerVerifier]
    /// Every issuer, once.
    public let all: [IssuerVerifier]
    /// The issuer when there is exactly one: its token needs no routing.
    private let single: IssuerVerifier?
    /// The longest token any issuer accepts (the limit while routing; the chosen issuer's own
    /// limit is checked after).
    private let maximumTokenLength: Int

    /// The key sets of the configured issuers (for a refresh service).
    public var keySets: [KeySetCache] { self.all.map(\.keys) }

    /// Creates a directory.
    /// - Parameter issuers: Issuers with distinct identifiers.
    /// - Precondition: no two issuers share an identifier (or another spelling of one).
    public init(_ issuers: [IssuerVerifier]) {
        var byIssuer: [String: IssuerVerifier] = [:]
        var templated: [IssuerVerifier] = []
        for issuer in issuers {
            let rules = issuer.verifier.configuration
            if rules.issuerTenants != nil {
                templated.append(issuer)
                continue
            }
            for name in [rules.issuer] + rules.additionalIssuers {
                precondition(byIssuer[name] == nil, "two configured issuers share the identifier \(name)")
                byIssuer[name] = issuer
            }
        }
        self.issuers = byIssuer
        self.templated = templated
        self.all = issuers
        self.single = issuers.count == 1 ? issuers.first : nil
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
        let claims = try parts.claims()
        guard let claimed = claims.issuer,
            let issuer = self.issuers[claimed] ?? self.templated.first(where: { Self.fits($0, claimed, claims["tid"]) })
        else {
            throw TokenGateError(.invalidIssuer, detail: "issuer not configured")
        }
        guard token.utf8.count <= issuer.verifier.configuration.maximumTokenLength else { throw TokenGateError(.tokenTooLarge) }
        return try await issuer.verify(&parts)
    }

    /// Whether `issuer`'s tenant template, filled with the token's `tid`, is `claimed`.
    private static func fits(_ issuer: IssuerVerifier, _ claimed: String, _ tenantID: JSONValue?) -> Bool {
        guard case .string(let tenant)? = tenantID, !tenant.isEmpty else { return false }
        return claimed.hasSameUTF8(as: issuer.verifier.configuration.issuer.replacing(IssuerTenants.placeholder, with: tenant))
    }
}
