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

    /// Writes the snapshot's document atomically: a temporary file in the same directory,
    /// flushed to disk, then renamed over the old one. Failures are logged, never fatal.
    static func persist(_ snapshot: KeySetSnapshot, path: String, configuration: Configuration, logger: Logger) {
        let expiresWall = snapshot.fetchedAtWallClock.secondsSinceEpoch + (snapshot.expiresAt - snapshot.fetchedAt).seconds
        let document = snapshot.document.withUnsafeBytes { try? JSONParser.parse($0, maximumDepth: 32) } ?? .null
        let record: [String: JSONValue] = [
            "version": 1,
            "source": .string(configuration.source.url),
            "fetchedAt": .number(JSONNumber(snapshot.fetchedAtWallClock.secondsSinceEpoch) ?? JSONNumber(0)),
            "expiresAt": .number(JSONNumber(expiresWall) ?? JSONNumber(0)),
            "jwks": document,
        ]
        do {
            try DurableFile.writeAtomically(JSONValue.object(record).serializedBytes, to: path)
        } catch {
            logger.warning("could not write the durable key set", metadata: ["path": "\(path)", "errno": "\(error.code)"])
        }
    }

    /// Reads a durable copy written by ``persist(_:path:configuration:logger:)``. A missing
    /// file is normal; an untrusted one (see ``DurableFile/readPrivate(_:maximumSize:)``), an
    /// unreadable one, one for another source or with times out of range is logged and ignored
    /// (the next good fetch replaces it). Its `ETag`, if any, is not used: the first fetch after
    /// loading is unconditional, so a 304 can never renew keys this process did not fetch.
    static func loadPersisted(
        path: String,
        now: Duration,
        wallNow: NumericDate,
        configuration: Configuration,
        logger: Logger
    ) -> KeySetSnapshot? {
        let bytes: [UInt8]
        do {
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
        let parsed = bytes.withUnsafeBytes { try? JSONParser.parseObject($0, maximumDepth: 32) }
        guard let record = parsed ?? nil, record["version"] == 1,
            record["source"]?.stringValue == configuration.source.url,
            let fetchedAt = record["fetchedAt"]?.doubleValue, let expiresAt = record["expiresAt"]?.doubleValue,
            let document = record["jwks"], case .object = document,
            let keys = try? KeySet(jwks: document.serializedBytes, maximumKeys: configuration.maximumKeys), !keys.isEmpty
        else {
            logger.warning("durable key set unusable; ignoring it", metadata: ["path": "\(path)"])
            return nil
        }
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
            document: document.serializedBytes,
            fetchedAtWallClock: NumericDate(secondsSinceEpoch: fetchedAt)
        )
    }
}
