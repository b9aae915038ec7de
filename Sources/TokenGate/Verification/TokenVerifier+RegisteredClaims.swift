extension TokenVerifier {
    /// The registered claims a verifier checks, read either from a payload's member list or
    /// straight from the payload as a parser sink: then only `iss`, `exp`, `nbf`, `iat`,
    /// `aud` and `tenant` are built, every other value is checked as strictly but not built
    /// (`sub`, `scope` and `jti` keep their kind, which must be string), and no list is made.
    struct RegisteredClaims: JSONMemberSink {
        var issuer: JSONValue?
        var expiry: JSONValue?
        var notBefore: JSONValue?
        var issuedAt: JSONValue?
        var audience: JSONValue?
        var tenant: JSONValue?
        var subject: JSONParser.ValueKind?
        var scope: JSONParser.ValueKind?
        var jwtID: JSONParser.ValueKind?

        /// Every name read, for the duplicate check when reading straight from the payload.
        private var names = JSONMemberNameSet()

        /// Nothing read yet: the state of a sink before parsing.
        init() {}

        /// The claims among `members`, found in one pass (no hashing, no string comparison).
        init(_ members: JSONMemberList) {
            // Packed names: one integer comparison per member, and a value is copied only
            // when it is one of these claims (iterating the array would copy every member).
            members.elements.withUnsafeBufferPointer { elements in
                for index in elements.indices {
                    self.take(key: elements[index].key, value: elements[index].value)
                }
            }
        }

        func wantsValue(forKey key: UInt64) -> Bool {
            switch key {
            case JSONMember.issKey, JSONMember.expKey, JSONMember.nbfKey, JSONMember.iatKey, JSONMember.audKey, JSONMember.tenantKey: true
            default: false
            }
        }

        mutating func add(key: UInt64, longName: String?, value: consuming JSONValue) throws(JSONParser.Failure) {
            try self.names.insert(key: key, longName: nil)  // wanted values all have packed names
            self.take(key: key, value: value)
        }

        mutating func addUnread(key: UInt64, longName: String?, kind: JSONParser.ValueKind) throws(JSONParser.Failure) {
            try self.names.insert(key: key, longName: longName)
            switch key {
            case JSONMember.subKey: self.subject = kind
            case JSONMember.scopeKey: self.scope = kind
            case JSONMember.jtiKey: self.jwtID = kind
            default: break
            }
        }

        @inline(__always)
        private mutating func take(key: UInt64, value: JSONValue) {
            switch key {
            case JSONMember.issKey: self.issuer = value
            case JSONMember.expKey: self.expiry = value
            case JSONMember.nbfKey: self.notBefore = value
            case JSONMember.iatKey: self.issuedAt = value
            case JSONMember.audKey: self.audience = value
            case JSONMember.tenantKey: self.tenant = value
            case JSONMember.subKey: self.subject = JSONParser.ValueKind(of: value)
            case JSONMember.scopeKey: self.scope = JSONParser.ValueKind(of: value)
            case JSONMember.jtiKey: self.jwtID = JSONParser.ValueKind(of: value)
            default: break
            }
        }
    }
}
