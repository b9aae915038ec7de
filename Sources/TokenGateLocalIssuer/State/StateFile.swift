/// A state file of records: `{"version":1,"items":[…]}`.
struct StateFile<Item: Codable>: Codable {
    /// The format version this code writes and reads.
    static var currentVersion: Int { 1 }

    /// The format version.
    var version: Int
    /// The records.
    var items: [Item]

    init(items: [Item]) {
        self.version = Self.currentVersion
        self.items = items
    }
}
