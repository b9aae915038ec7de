extension VerifiedToken {
    /// The `typ` of the header of an access token the client does not read (see
    /// ``AccessTokenFormat/opaque``).
    public static let opaqueType = "opaque"

    /// An access token the client does not read, in the shape the rest of the package expects:
    /// `raw` as received, a header whose only member is `typ: "opaque"` (its ``JOSEHeader/algorithm``
    /// means nothing), and as claims what the token response established. The token client and
    /// the web session both make theirs here.
    /// - Parameters:
    ///   - raw: The access token.
    ///   - issuer: `iss`: the provider.
    ///   - subject: `sub`: the verified identity token's, when there is one.
    ///   - expiresAt: `exp`: from the response's `expires_in`, when it gave one.
    ///   - scope: `scope`: the response's, when it gave one.
    package static func opaque(_ raw: String, issuer: String?, subject: String?, expiresAt: Double?, scope: String?) -> VerifiedToken {
        var claims: [String: JSONValue] = [:]
        if let issuer { claims["iss"] = .string(issuer) }
        if let subject { claims["sub"] = .string(subject) }
        if let expiry = expiresAt.flatMap({ JSONNumber($0.rounded(.down)) }) { claims["exp"] = .number(expiry) }
        if let scope { claims["scope"] = .string(scope) }
        return VerifiedToken(raw: raw, header: .opaque, claims: JWTClaims(members: claims), scopeClaims: ["scope"], roleClaims: [])
    }

    /// Whether this is an opaque access token (see ``AccessTokenFormat/opaque``): its header
    /// and claims were not read from the token. (A signed token's header always has `alg`, so
    /// it never passes for one.)
    public var isOpaque: Bool { self.header.type == Self.opaqueType && self.header["alg"] == nil }
}
