extension VerifiedToken {
    /// The `typ` of the header of an access token the client does not read (see
    /// ``AccessTokenFormat/opaque``).
    public static let opaqueType = "opaque"

    /// An access token the client does not read, in the shape the rest of the package expects:
    /// `raw` as received, a header whose only member is `typ: "opaque"` (its ``JOSEHeader/algorithm``
    /// means nothing), and the claims the token response established (`iss` the provider, `sub`
    /// the verified identity token's, `exp` from `expires_in`, `scope` from the response).
    /// - Parameters:
    ///   - raw: The access token.
    ///   - claims: What the token response said about it.
    package static func opaque(_ raw: String, claims: [String: JSONValue]) -> VerifiedToken {
        VerifiedToken(raw: raw, header: .opaque, claims: JWTClaims(members: claims), scopeClaims: ["scope"], roleClaims: [])
    }

    /// Whether this is an opaque access token (see ``AccessTokenFormat/opaque``): its header
    /// and claims were not read from the token. (A signed token's header always has `alg`, so
    /// it never passes for one.)
    public var isOpaque: Bool { self.header.type == Self.opaqueType && self.header["alg"] == nil }
}
