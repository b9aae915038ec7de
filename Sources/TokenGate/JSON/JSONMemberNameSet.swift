/// The member names seen so far in one object, for a sink that keeps only some members and
/// must still refuse duplicates: the first 16 packed names are kept inline (no allocation,
/// one integer comparison each), packed names past the 16th and long names in sets, so an
/// object with thousands of members stays linear. Names compare by their UTF-8 bytes.
package struct JSONMemberNameSet {
    private var shortKeys: (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private var shortCount = 0
    private var otherKeys: Set<UInt64>?
    private var longNames: Set<JSONMemberName>?

    private static let inlineCapacity = 16

    /// An empty set.
    package init() {}

    /// Adds the name whose ``JSONMember/shortKey(_:)`` is `key` (0 with `longName` for one
    /// that does not pack); throws `.duplicateMember` when it was there already.
    @inline(__always)
    package mutating func insert(key: UInt64, longName: String?) throws(JSONParser.Failure) {
        if key != 0 {
            let count = self.shortCount
            let inserted = withUnsafeMutableBytes(of: &self.shortKeys) { raw -> Bool? in
                let keys = raw.bindMemory(to: UInt64.self)
                for index in 0..<count where keys[index] == key { return false }
                guard count < Self.inlineCapacity else { return nil }
                keys[count] = key
                return true
            }
            switch inserted {
            case true?:
                self.shortCount += 1
                return
            case false?: throw .duplicateMember
            case nil: break  // full: the name goes to the set
            }
        }
        if key != 0 {
            if self.otherKeys == nil { self.otherKeys = [] }
            guard self.otherKeys!.insert(key).inserted else { throw .duplicateMember }
        } else {
            if self.longNames == nil { self.longNames = [] }
            guard self.longNames!.insert(JSONMemberName(longName ?? "")).inserted else { throw .duplicateMember }
        }
    }
}
