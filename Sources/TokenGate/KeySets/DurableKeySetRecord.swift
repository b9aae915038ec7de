/// The durable key-set file (``KeySetCache/Configuration/persistencePath``):
/// `{"version":2,"source":…,"fetchedAt":…,"expiresAt":…,"jwks":"<the key set's JSON text>"}`,
/// with wall-clock times in seconds since the epoch.
///
/// The key set is kept as the exact text that was fetched, so that loading reads it with the
/// strict parser, as a fetched key set is read. The envelope is read with `JSONDecoder` (see
/// ``JSONDocument``): the file is this process's own (see ``DurableFile/readPrivate(_:maximumSize:)``).
/// A file of version 1 (the key set as a JSON object) is ignored, and replaced by the next
/// good fetch.
struct DurableKeySetRecord: Codable {
    /// The format version this code writes and reads.
    static let currentVersion = 2

    /// The format version.
    var version: Int
    /// The configured source URL (a file for another source is ignored).
    var source: String
    /// When the key set was fetched (wall clock).
    var fetchedAt: Double
    /// When the key set expires (wall clock).
    var expiresAt: Double
    /// The key set's JSON text, exactly as fetched.
    var jwks: String

    init(source: String, fetchedAt: Double, expiresAt: Double, jwks: String) {
        self.version = Self.currentVersion
        self.source = source
        self.fetchedAt = fetchedAt
        self.expiresAt = expiresAt
        self.jwks = jwks
    }
}
