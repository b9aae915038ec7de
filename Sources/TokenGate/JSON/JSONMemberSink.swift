/// Where ``JSONParser`` puts the members of the object it reads: a dictionary, or an ordered
/// list (a token's header and claims).
protocol JSONMemberSink {
    /// Takes the next member (its packed name `key`, or key 0 and `longName`, and its value);
    /// throws `.duplicateMember` when its name was seen before.
    mutating func add(key: UInt64, longName: String?, value: consuming JSONValue) throws(JSONParser.Failure)
}
