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
    /// The scopes in `scope` and `scp`, each a space-separated string or a JSON array of
    /// strings (providers use all four shapes). A verified token's ``VerifiedToken/scopes`` come
    /// from the claims its verifier is configured to read.
    public var scopes: [String] { self.scopes(in: ["scope", "scp"]) }

    /// Whether `scope` is among ``scopes`` (exact bytes).
    public func hasScope(_ scope: String) -> Bool { self.hasScope(scope, in: ["scope", "scp"]) }

    /// Whether `scope` is among ``scopes(in:)`` of `names`, checked in place (nothing is built:
    /// the request path asks this on every request).
    public func hasScope(_ scope: String, in names: [String]) -> Bool {
        guard !scope.isEmpty, !scope.utf8.contains(UInt8(ascii: " ")) else { return false }
        for name in names {
            switch self.memberList[name] {
            case .string(var text)?:
                var wanted = scope
                let found = text.withUTF8 { haystack in
                    wanted.withUTF8 { needle in
                        var start = 0
                        while start < haystack.count {
                            var end = start
                            while end < haystack.count, haystack[end] != UInt8(ascii: " ") { end += 1 }
                            if end - start == needle.count, haystack[start..<end].elementsEqual(needle) { return true }
                            start = end + 1
                        }
                        return false
                    }
                }
                if found { return true }
            case .array(let values)?:
                for case .string(let value) in values where value.utf8.elementsEqual(scope.utf8) { return true }
            default:
                break
            }
        }
        return false
    }

    /// The scopes in the named claims, in order, each once: a string claim is split at spaces,
    /// an array contributes its strings; any other value contributes nothing.
    /// - Parameter names: The claims to read.
    public func scopes(in names: [String]) -> [String] {
        var scopes: [String] = []
        for name in names {
            switch self.memberList[name] {
            case .string(var text)?:
                text.withUTF8 { bytes in
                    var start = 0
                    for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: " ") {
                        if end > start {
                            Self.appendOnce(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self), to: &scopes)
                        }
                        start = end + 1
                    }
                }
            case .array(let values)?:
                for case .string(let scope) in values where !scope.isEmpty { Self.appendOnce(scope, to: &scopes) }
            default:
                break
            }
        }
        return scopes
    }

    /// The claim at `path` (member names matched by their exact bytes), if present.
    public func value(at path: ClaimPath) -> JSONValue? {
        var value = self.memberList[path.names[0]]
        for name in path.names.dropFirst() {
            guard case .object(let members)? = value, let index = members.index(forKey: name),
                members[index].key.hasSameUTF8(as: name)
            else { return nil }
            value = members[index].value
        }
        return value
    }

    /// The strings at each of `paths`, each once.
    public func strings(at paths: [ClaimPath]) -> [String] {
        var values: [String] = []
        for path in paths {
            for value in self.strings(at: path) { Self.appendOnce(value, to: &values) }
        }
        return values
    }

    /// The strings at `path`: a string claim as one value, an array as its strings; nothing for
    /// any other value or a missing claim.
    public func strings(at path: ClaimPath) -> [String] {
        switch self.value(at: path) {
        case .string(let value)?: [value]
        case .array(let values)?: values.compactMap(\.stringValue)
        default: []
        }
    }

    /// Whether `string` is among the strings at `path` (as `strings(at:)` reads them), by its bytes,
    /// without building them.
    func contains(_ string: String, at path: ClaimPath) -> Bool {
        switch self.value(at: path) {
        case .string(let value)?: value.hasSameUTF8(as: string)
        case .array(let values)?: values.contains { $0.stringValue?.hasSameUTF8(as: string) == true }
        default: false
        }
    }

    /// Appends `value` unless a value with the same bytes is there.
    private static func appendOnce(_ value: String, to values: inout [String]) {
        if !values.contains(where: { $0.utf8.elementsEqual(value.utf8) }) { values.append(value) }
    }
}
