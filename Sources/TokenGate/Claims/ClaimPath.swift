/// Where a claim sits in a token's payload: a top-level member name, or a path of member names
/// into nested objects.
///
/// A string literal is one member name, taken as is (names may hold dots or colons, like
/// `cognito:groups` or a namespaced `https://example.com/roles`); a nested claim lists its
/// names:
///
/// ```swift
/// configuration.roleClaims = ["roles", "cognito:groups", ClaimPath("realm_access", "roles")]
/// ```
public struct ClaimPath: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The member names from the top of the payload down.
    public let names: [String]

    /// Creates a path from member names, the first at the top of the payload.
    /// - Parameter names: At least one name.
    public init(_ names: String...) {
        self.init(names: names)
    }

    /// Creates a path from member names, the first at the top of the payload.
    /// - Parameter names: At least one name.
    public init(names: [String]) {
        precondition(!names.isEmpty, "a claim path names at least one member")
        self.names = names
    }

    /// A top-level claim.
    public init(stringLiteral name: String) {
        self.names = [name]
    }

    /// The names joined with `.` (for logs and documentation only).
    public var description: String { self.names.joined(separator: ".") }
}
