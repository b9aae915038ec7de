/// An immutable, parsed key set with its freshness, as the verification hot path reads it.
///
/// Built once per successful fetch (or load of the durable copy); requests read the current
/// snapshot with one lock acquisition and never parse keys.
public final class KeySetSnapshot: Sendable {
    /// The parsed keys.
    public let keys: KeySet
    /// When it was fetched, on the cache's monotonic timeline.
    package let fetchedAt: Duration
    /// When it stops being fresh.
    package let expiresAt: Duration
    /// When the background refresh should fetch again (about 80 % of the lifetime, jittered).
    package let refreshAt: Duration
    /// The `ETag` it was served with.
    package let etag: String?
    /// The document it was parsed from (for the durable copy).
    package let document: [UInt8]
    /// Wall-clock time of the fetch (for the durable copy).
    package let fetchedAtWallClock: NumericDate
    /// Identifies these keys for as long as the process runs: a new fetch gets a new number, a
    /// renewal (304) keeps it. The verified-token cache compares it, never the snapshot's
    /// address, which a later snapshot can be given once this one is freed.
    package let generation: UInt64

    package init(
        keys: KeySet,
        fetchedAt: Duration,
        expiresAt: Duration,
        refreshAt: Duration,
        etag: String?,
        document: [UInt8],
        fetchedAtWallClock: NumericDate,
        generation: UInt64 = Generation.next()
    ) {
        self.keys = keys
        self.fetchedAt = fetchedAt
        self.expiresAt = expiresAt
        self.refreshAt = refreshAt
        self.etag = etag
        self.document = document
        self.fetchedAtWallClock = fetchedAtWallClock
        self.generation = generation
    }

    /// The same keys with new freshness (after a 304).
    package func renewed(fetchedAt: Duration, expiresAt: Duration, refreshAt: Duration, wallClock: NumericDate, etag: String?) -> KeySetSnapshot {
        KeySetSnapshot(
            keys: self.keys,
            fetchedAt: fetchedAt,
            expiresAt: expiresAt,
            refreshAt: refreshAt,
            etag: etag ?? self.etag,
            document: self.document,
            fetchedAtWallClock: wallClock,
            generation: self.generation
        )
    }
}
