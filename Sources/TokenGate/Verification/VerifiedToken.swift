/// A token whose signature and claims have been verified.
public struct VerifiedToken: Sendable {
    /// The token exactly as received.
    public let raw: String
    /// The protected header.
    public let header: JOSEHeader
    /// The claims.
    public let claims: JWTClaims

    /// Creates a verified token; only the verifier does this.
    package init(raw: String, header: JOSEHeader, claims: JWTClaims) {
        self.raw = raw
        self.header = header
        self.claims = claims
    }

    /// The id of the key that verified the token, when the header named one.
    public var keyID: String? { self.header.keyID }
}
