/// Whether a route needs credentials.
///
/// ```swift
/// let strict = APIStrategyMiddleware(strategy, mode: .required)
/// let lenient = APIStrategyMiddleware(strategy, mode: .optional)
/// ```
public struct AuthenticationMode: Sendable, Hashable, CustomStringConvertible {
    private enum Backing: Sendable, Hashable {
        case required
        case optional
    }

    private let backing: Backing

    /// A request without credentials is refused (401 with a bare challenge).
    public static let required = AuthenticationMode(backing: .required)
    /// A request without credentials passes without a context; a request with credentials is
    /// verified as usual, and invalid credentials are still refused.
    public static let optional = AuthenticationMode(backing: .optional)

    /// Whether requests without credentials pass.
    public var allowsAnonymous: Bool { self.backing == .optional }

    public var description: String {
        switch self.backing {
        case .required: "required"
        case .optional: "optional"
        }
    }
}
