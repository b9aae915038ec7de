/// The claims of a verified token: typed accessors for the common ones, and every member as
/// read in ``members``.
///
/// After verification, the registered claims the verifier checked (`iss`, `exp`, `nbf`,
/// `iat`, `aud`, `sub`, `scope`, `tenant`) are known to have the right types.
public struct JWTClaims: Sendable {
    /// Every claim as read from the payload.
    public let members: [String: JSONValue]

    /// Creates claims from a payload object.
    public init(members: [String: JSONValue]) {
        self.members = members
    }

    /// A claim by name.
    public subscript(name: String) -> JSONValue? { self.members[name] }

    /// `iss`.
    public var issuer: String? { self.members["iss"]?.stringValue }
    /// `sub`.
    public var subject: String? { self.members["sub"]?.stringValue }
    /// `aud`, as a list whether the token carries a string or an array.
    public var audience: [String] {
        switch self.members["aud"] {
        case .string(let value)?: [value]
        case .array(let values)?: values.compactMap(\.stringValue)
        default: []
        }
    }
    /// `exp`.
    public var expiresAt: NumericDate? { self.members["exp"].flatMap(NumericDate.init(claim:)) }
    /// `nbf`.
    public var notBefore: NumericDate? { self.members["nbf"].flatMap(NumericDate.init(claim:)) }
    /// `iat`.
    public var issuedAt: NumericDate? { self.members["iat"].flatMap(NumericDate.init(claim:)) }
    /// `jti`.
    public var jwtID: String? { self.members["jti"]?.stringValue }
    /// App ID's `tenant`.
    public var tenant: String? { self.members["tenant"]?.stringValue }
    /// The scopes: the space-separated `scope` claim (RFC 8693 §4.2), or a `scp` array.
    public var scopes: [String] {
        if case .string(let scope)? = self.members["scope"] {
            return scope.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        if case .array(let values)? = self.members["scp"] {
            return values.compactMap(\.stringValue)
        }
        return []
    }
}
