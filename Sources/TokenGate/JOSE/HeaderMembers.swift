/// What the verifier reads from a protected header, gathered while parsing it without
/// keeping the members: a header usually has three, and keeping them would cost an
/// allocation per token for something almost nobody reads (``JOSEHeader/members`` parses
/// the header again when asked).
struct HeaderMembers: JSONMemberSink {
    var algorithm: JSONValue?
    var keyID: JSONValue?
    var type: JSONValue?
    var unencoded: JSONValue?
    var critical: JSONValue?

    /// Packed keys of the first short names, for the duplicate check without allocating.
    private var shortKeys: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var shortCount = 0
    /// Long names, and short ones past the eighth (hashed: a huge header stays linear).
    private var otherNames: Set<String>?

    init() {}

    mutating func add(_ member: consuming JSONMember) throws(JSONParser.Failure) {
        if self.otherNames?.contains(member.name) == true { throw .duplicateMember }
        if member.key != 0, self.shortCount < 8 {
            let count = self.shortCount
            let duplicate = withUnsafeMutableBytes(of: &self.shortKeys) { raw -> Bool in
                let keys = raw.bindMemory(to: UInt64.self)
                for index in 0..<count where keys[index] == member.key { return true }
                keys[count] = member.key
                return false
            }
            if duplicate { throw .duplicateMember }
            self.shortCount += 1
        } else if member.key != 0, self.containsShortKey(member.key) {
            throw .duplicateMember
        } else {
            if self.otherNames == nil { self.otherNames = [] }
            self.otherNames!.insert(member.name)
        }
        switch member.key {
        case JSONMember.algKey: self.algorithm = member.value
        case JSONMember.kidKey: self.keyID = member.value
        case JSONMember.typKey: self.type = member.value
        case JSONMember.b64Key: self.unencoded = member.value
        case JSONMember.critKey: self.critical = member.value
        default: break
        }
    }

    private mutating func containsShortKey(_ key: UInt64) -> Bool {
        let count = self.shortCount
        return withUnsafeMutableBytes(of: &self.shortKeys) { raw in
            raw.bindMemory(to: UInt64.self).prefix(count).contains(key)
        }
    }
}
