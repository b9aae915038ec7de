/// Where ``JSONParser`` puts the members of the object it reads: a dictionary, an ordered
/// list, or only the few members a caller needs (a token's header).
package protocol JSONMemberSink {
    /// Takes the next member; throws `.duplicateMember` when its name was seen before.
    mutating func add(_ member: consuming JSONMember) throws(JSONParser.Failure)
}
