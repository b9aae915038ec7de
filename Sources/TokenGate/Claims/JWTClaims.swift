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
    /// Every claim as read from the payload (a dictionary built on each call: for one claim,
    /// use the subscript).
    ///
    /// Claim names are compared by their UTF-8 bytes, so a payload may hold two names that
    /// `String` compares equal ("K" and U+212A KELVIN SIGN); this dictionary keeps the first
    /// of them, and the subscript finds each.
    public var members: [String: JSONValue] { self.memberList.dictionary }
    /// The claims in payload order.
    let memberList: JSONMemberList

    /// Creates claims from a payload object.
    public init(members: [String: JSONValue]) {
        self.memberList = JSONMemberList(members)
    }

    /// Creates claims from the verifier's member list.
    package init(memberList: JSONMemberList) {
        self.memberList = memberList
    }

    /// A claim by name, matched by its exact UTF-8 bytes.
    public subscript(name: String) -> JSONValue? { self.memberList[name] }

    /// `iss`.
    public var issuer: String? { self.memberList["iss"]?.stringValue }
    /// `sub`.
    public var subject: String? { self.memberList["sub"]?.stringValue }
    /// `aud`, as a list whether the token carries a string or an array.
    public var audience: [String] {
        switch self.memberList["aud"] {
        case .string(let value)?: [value]
        case .array(let values)?: values.compactMap(\.stringValue)
        default: []
        }
    }
    /// `exp`.
    public var expiresAt: NumericDate? { self.memberList["exp"].flatMap(NumericDate.init(claim:)) }
    /// `nbf`.
    public var notBefore: NumericDate? { self.memberList["nbf"].flatMap(NumericDate.init(claim:)) }
    /// `iat`.
    public var issuedAt: NumericDate? { self.memberList["iat"].flatMap(NumericDate.init(claim:)) }
    /// `jti`.
    public var jwtID: String? { self.memberList["jti"]?.stringValue }
    /// App ID's `tenant`.
    public var tenant: String? { self.memberList["tenant"]?.stringValue }
    /// The scopes: the space-separated `scope` claim (RFC 8693 §4.2), or a `scp` array.
    public var scopes: [String] {
        if case .string(let scope)? = self.memberList["scope"] {
            // One pass, one array (a scope name of up to 15 bytes is stored inline, no allocation).
            var scope = scope
            return scope.withUTF8 { bytes in
                var scopes: [String] = []
                var start = 0
                for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: " ") {
                    if end > start { scopes.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) }
                    start = end + 1
                }
                return scopes
            }
        }
        if case .array(let values)? = self.memberList["scp"] {
            return values.compactMap(\.stringValue)
        }
        return []
    }

    /// Whether the token carries `scope` (in `scope` or `scp`), checked without building the
    /// list: the request path asks this on every request.
    public func hasScope(_ scope: String) -> Bool {
        switch self.memberList["scope"] {
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
            if case .array(let values)? = self.memberList["scp"] {
                return values.contains(.string(scope))
            }
            return false
        }
    }
}
