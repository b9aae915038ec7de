/// A custom check that runs after every built-in check has passed.
///
/// ```swift
/// let adminsOnly = ClaimValidator { token in
///     guard token.claims.scopes.contains("admin") else { throw MyError.notAdmin }
/// }
/// ```
/// A validator that throws makes verification fail with ``TokenGateError/Code/validationFailed``
/// and the thrown error as `underlying`. Asynchronous checks belong to the request pipeline,
/// which runs them after verification.
public struct ClaimValidator: Sendable {
    let check: @Sendable (VerifiedToken) throws -> Void

    /// Creates a validator.
    /// - Parameter check: Throws to reject the token.
    public init(_ check: @escaping @Sendable (VerifiedToken) throws -> Void) {
        self.check = check
    }
}
