extension TokenVerifier {
    /// The registered claims a verifier checks, found by name (exact bytes) in a payload's
    /// members.
    struct RegisteredClaims {
        let issuer: JSONValue?
        let expiry: JSONValue?
        let notBefore: JSONValue?
        let issuedAt: JSONValue?
        let audience: JSONValue?
        let tenant: JSONValue?
        let tenantID: JSONValue?
        let subject: JSONValue?
        let scope: JSONValue?
        let jwtID: JSONValue?

        init(_ members: JSONMemberList) {
            self.issuer = members["iss"]
            self.expiry = members["exp"]
            self.notBefore = members["nbf"]
            self.issuedAt = members["iat"]
            self.audience = members["aud"]
            self.tenant = members["tenant"]
            self.tenantID = members["tid"]
            self.subject = members["sub"]
            self.scope = members["scope"]
            self.jwtID = members["jti"]
        }
    }
}
