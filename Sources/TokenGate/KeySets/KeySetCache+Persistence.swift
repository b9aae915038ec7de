import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension KeySetCache {
    /// How far in the future a durable copy's `fetchedAt` may lie (wall clocks differ across a
    /// restart).
    static let wallClockSkew: Double = 86_400
    /// An upper bound on a durable copy's lifetime, whatever the configuration says.
    static let longestDurableLifetime: Duration = .seconds(366 * 86_400)

    /// Writes the snapshot's document atomically (a ``DurableKeySetRecord``): a temporary file
    /// in the same directory, flushed to disk, then renamed over the old one. Failures are
    /// logged, never fatal.
    static func persist(_ snapshot: KeySetSnapshot, path: String, configuration: Configuration, logger: Logger) {
        let expiresWall = snapshot.fetchedAtWallClock.secondsSinceEpoch + (snapshot.expiresAt - snapshot.fetchedAt).seconds
        do {
            // The snapshot's document was read by the strict parser, so it is UTF-8.
            let record = DurableKeySetRecord(
                source: configuration.source.url,
                fetchedAt: snapshot.fetchedAtWallClock.secondsSinceEpoch,
                expiresAt: expiresWall,
                jwks: String(decoding: snapshot.document, as: UTF8.self)
            )
            try DurableFile.writeAtomically(try JSONDocument.encode(record), to: path)
        } catch let error as DurableFile.Failure {
            logger.warning("could not write the durable key set", metadata: ["path": "\(path)", "errno": "\(error.code)"])
        } catch {
            logger.warning("could not write the durable key set", metadata: ["path": "\(path)", "reason": "not representable as JSON"])
        }
    }

    /// Reads a durable copy written by ``persist(_:path:configuration:logger:)``. A missing
    /// file is normal; an untrusted one (see ``DurableFile/readPrivate(_:maximumSize:)``), an
    /// unreadable one, one of another format version, for another source or with times out of
    /// range is logged and ignored (the next good fetch replaces it). Its key set is read by
    /// the strict parser, as a fetched one is. Its `ETag`, if any, is not used: the first fetch
    /// after loading is unconditional, so a 304 can never renew keys this process did not fetch.
    static func loadPersisted(
        path: String,
        now: Duration,
        wallNow: NumericDate,
        configuration: Configuration,
        logger: Logger
    ) -> KeySetSnapshot? {
        let bytes: [UInt8]
        do {
            // The key set is held as an escaped string: at most twice its size.
            guard let read = try DurableFile.readPrivate(path, maximumSize: configuration.maximumBodySize * 2 + 4096) else { return nil }
            bytes = read
        } catch {
            if let reason = error.reason {
                logger.warning("durable key set not trusted; ignoring it", metadata: ["path": "\(path)", "reason": "\(reason)"])
            } else {
                logger.warning("could not read the durable key set", metadata: ["path": "\(path)", "errno": "\(error.code)"])
            }
            return nil
        }
        let record: DurableKeySetRecord
        do {
            record = try JSONDocument.decode(DurableKeySetRecord.self, from: bytes)
        } catch {
            logger.warning("durable key set unusable; ignoring it", metadata: ["path": "\(path)", "reason": "\(error.description)"])
            return nil
        }
        let document = Array(record.jwks.utf8)
        guard record.version == DurableKeySetRecord.currentVersion, record.source.hasSameUTF8(as: configuration.source.url),
            let keys = try? KeySet(jwks: document, maximumKeys: configuration.maximumKeys), !keys.isEmpty
        else {
            logger.warning("durable key set unusable; ignoring it", metadata: ["path": "\(path)"])
            return nil
        }
        let fetchedAt = record.fetchedAt
        let expiresAt = record.expiresAt
        // Bounded before any arithmetic on durations: a wild number must never trap.
        let wall = wallNow.secondsSinceEpoch
        let longest = min(configuration.lifetimeRange.upperBound, Self.longestDurableLifetime).seconds
        guard fetchedAt >= 0, fetchedAt <= wall + Self.wallClockSkew, expiresAt >= fetchedAt, expiresAt - fetchedAt <= longest + 1 else {
            logger.warning("durable key set has times out of range; ignoring it", metadata: ["path": "\(path)"])
            return nil
        }
        let remaining = Duration.seconds(expiresAt - wall)
        logger.info("loaded the durable key set", metadata: ["path": "\(path)", "keys": "\(keys.keys.count)"])
        return KeySetSnapshot(
            keys: keys,
            fetchedAt: now - .seconds(max(0, wallNow.secondsSinceEpoch - fetchedAt)),
            expiresAt: now + remaining,
            refreshAt: now,  // refresh at once
            etag: nil,
            document: document,
            fetchedAtWallClock: NumericDate(secondsSinceEpoch: fetchedAt)
        )
    }
}
