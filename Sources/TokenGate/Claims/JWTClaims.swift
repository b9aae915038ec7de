#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
            return scope.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true).map { String(Substring($0)) }
        }
        if case .array(let values)? = self.members["scp"] {
            return values.compactMap(\.stringValue)
        }
        return []
    }

    /// Whether the token carries `scope` (in `scope` or `scp`), checked without building the
    /// list: the request path asks this on every request.
    public func hasScope(_ scope: String) -> Bool {
        switch self.members["scope"] {
        case .string(let claim)?:
            var claim = claim
            var wanted = scope
            return claim.withUTF8 { haystack in
                wanted.withUTF8 { needle in
                    guard !needle.isEmpty else { return false }
                    var start = 0
                    while start <= haystack.count {
                        var end = start
                        while end < haystack.count, haystack[end] != UInt8(ascii: " ") { end += 1 }
                        if end - start == needle.count, memcmp(haystack.baseAddress! + start, needle.baseAddress!, needle.count) == 0 {
                            return true
                        }
                        start = end + 1
                    }
                    return false
                }
            }
        default:
            if case .array(let values)? = self.members["scp"] {
                return values.contains(.string(scope))
            }
            return false
        }
    }
}
