extension VerifiedToken {
    /// The `sub` of a verified identity token, which OpenID Connect Core §2 requires: an
    /// identity token without one, or with an empty one, names no user. The bearer pipeline,
    /// the token client and the web login each read an identity token's user through this, so
    /// two tokens without `sub` never pass as "the same user".
    /// - Throws: ``TokenGateError`` `.identityMismatch` when `sub` is missing or empty.
    package func identitySubject() throws(TokenGateError) -> String {
        guard let subject = self.claims.subject, !subject.isEmpty else {
            throw TokenGateError(.identityMismatch, detail: "identity token without a subject")
        }
        return subject
    }
}
