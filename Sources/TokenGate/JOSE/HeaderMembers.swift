/// What the verifier reads from a protected header, gathered while parsing it without
/// keeping the members: a header usually has three, and keeping them would cost an
/// allocation per token for something almost nobody reads (``JOSEHeader/members`` parses
/// the header again when asked). Values of other members are checked but not built.
struct HeaderMembers: JSONMemberSink {
    var algorithm: JSONValue?
    var keyID: JSONValue?
    var type: JSONValue?
    var unencoded: JSONValue?
    var critical: JSONValue?

    /// Every name read, for the duplicate check.
    private var names = JSONMemberNameSet()

    init() {}

    func wantsValue(forKey key: UInt64) -> Bool {
        switch key {
        case JSONMember.algKey, JSONMember.kidKey, JSONMember.typKey, JSONMember.b64Key, JSONMember.critKey: true
        default: false
        }
    }

    mutating func add(key: UInt64, longName: String?, value: consuming JSONValue) throws(JSONParser.Failure) {
        try self.names.insert(key: key, longName: nil)  // wanted values all have packed names
        switch key {
        case JSONMember.algKey: self.algorithm = value
        case JSONMember.kidKey: self.keyID = value
        case JSONMember.typKey: self.type = value
        case JSONMember.b64Key: self.unencoded = value
        case JSONMember.critKey: self.critical = value
        default: break
        }
    }

    mutating func addUnread(key: UInt64, longName: String?, kind: JSONParser.ValueKind) throws(JSONParser.Failure) {
        try self.names.insert(key: key, longName: longName)
    }
}
