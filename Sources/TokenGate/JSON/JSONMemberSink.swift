/// Where ``JSONParser`` puts the members of the object it reads: a dictionary, an ordered
/// list, or only the few members a caller needs (a token's header, the claims a verifier checks).
package protocol JSONMemberSink {
    /// Takes the next member (its packed name `key`, or key 0 and `longName`, and its value);
    /// throws `.duplicateMember` when its name was seen before. The parts come as separate
    /// arguments: a whole ``JSONMember`` is passed in memory, and destroying its optional name
    /// there went through the runtime's generic value witness on every member.
    mutating func add(key: UInt64, longName: String?, value: consuming JSONValue) throws(JSONParser.Failure)

    /// Whether the sink wants the value of the member with packed name `key` (0 for a name
    /// that does not pack). A value it does not want is checked exactly as strictly but not
    /// built (no strings, no numbers), and the member arrives through ``addUnread(key:longName:kind:)``.
    func wantsValue(forKey key: UInt64) -> Bool

    /// Takes the next member whose value was checked but not built; throws `.duplicateMember`
    /// when its name was seen before.
    mutating func addUnread(key: UInt64, longName: String?, kind: JSONParser.ValueKind) throws(JSONParser.Failure)
}

extension JSONMemberSink {
    /// Every value is wanted.
    @inline(__always)
    package func wantsValue(forKey key: UInt64) -> Bool { true }

    /// Never called for a sink that wants every value.
    package mutating func addUnread(key: UInt64, longName: String?, kind: JSONParser.ValueKind) throws(JSONParser.Failure) {
        preconditionFailure("addUnread on a sink that wants every value")
    }
}
