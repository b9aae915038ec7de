import Foundation
import Synchronization
import Testing
import TokenGateTesting

@testable import TokenGate

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("The durable key-set file is trusted only when it is the process's own")
struct DurableKeySetFileTests {
    static let url = "https://issuer.test/keys"

    /// A private folder for one test, removed at the end.
    struct Folder {
        let path: String

        init() throws {
            self.path = FileManager.default.temporaryDirectory.appendingPathComponent("tokengate-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: self.path, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(atPath: self.path) }
    }

    /// A durable record as the cache writes it, with the given numbers.
    static func record(keys: [TestSigningKey], fetchedAt: String, expiresAt: String, etag: String? = nil) -> [UInt8] {
        let etagMember = etag.map { #","etag":"\#($0.replacingOccurrences(of: "\"", with: "\\\""))""# } ?? ""
        let jwks = TestSigningKey.jwksJSON(keys).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let text = #"{"version":2,"source":"\#(url)","fetchedAt":\#(fetchedAt),"expiresAt":\#(expiresAt),"jwks":"\#(jwks)"\#(etagMember)}"#
        return Array(text.utf8)
    }

    static func goodRecord(keys: [TestSigningKey] = [Fixtures.es256], etag: String? = nil) -> [UInt8] {
        let now = Int64(Fixtures.now.secondsSinceEpoch)
        return record(keys: keys, fetchedAt: "\(now - 60)", expiresAt: "\(now + 3000)", etag: etag)
    }

    /// A cache reading `path` at start, whose provider is down.
    static func cache(path: String, fetcher: any JWKSFetcher = InMemoryJWKSFetcher()) -> KeySetCache {
        var configuration = KeySetCache.Configuration(source: .jwks(url: url))
        configuration.persistencePath = path
        let clock = ManualClock(now: Fixtures.now)
        return KeySetCache(configuration: configuration, fetcher: fetcher, clock: clock, wallClock: clock)
    }

    @Test("A 0600 regular file of this user is loaded (the control for the refusals below)")
    func ownFileLoaded() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.path + "/keys.json"
        try DurableFile.writeAtomically(Self.goodRecord(), to: path)
        #expect(Self.cache(path: path).isReady)
    }

    @Test("A file readable by group or others is ignored")
    func groupReadableIgnored() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.path + "/keys.json"
        try DurableFile.writeAtomically(Self.goodRecord(), to: path)
        for mode: mode_t in [0o640, 0o604, 0o660, 0o666] {
            #expect(chmod(path, mode) == 0)
            #expect(!Self.cache(path: path).isReady, "mode \(String(mode, radix: 8))")
        }
    }

    @Test("A symbolic link, as the file or as a folder on its path, is not followed")
    func symlinksIgnored() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let real = folder.path + "/real.json"
        try DurableFile.writeAtomically(Self.goodRecord(), to: real)
        let link = folder.path + "/keys.json"
        #expect(symlink(real, link) == 0)
        #expect(!Self.cache(path: link).isReady)

        let realFolder = folder.path + "/real-folder"
        #expect(mkdir(realFolder, 0o700) == 0)
        try DurableFile.writeAtomically(Self.goodRecord(), to: realFolder + "/keys.json")
        #expect(Self.cache(path: realFolder + "/keys.json").isReady)
        let linkedFolder = folder.path + "/linked-folder"
        #expect(symlink(realFolder, linkedFolder) == 0)
        #expect(!Self.cache(path: linkedFolder + "/keys.json").isReady)
    }

    @Test("A file owned by another user is ignored", .enabled(if: geteuid() == 0, "needs root to give the file away"))
    func otherOwnerIgnored() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.path + "/keys.json"
        try DurableFile.writeAtomically(Self.goodRecord(), to: path)
        #expect(chown(path, 65534, 65534) == 0)
        #expect(!Self.cache(path: path).isReady)
    }

    @Test(
        "Out-of-range times are ignored, never fatal",
        arguments: [
            ("1e300", "1e300"), ("0", "1e300"), ("1e300", "0"), ("-1e300", "1700003000"), ("1700000000", "-1e300"),
            ("1699999940", "1e30"), ("1e20", "1e20"),
        ]
    )
    func hugeNumbersIgnored(fetchedAt: String, expiresAt: String) throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.path + "/keys.json"
        try DurableFile.writeAtomically(Self.record(keys: [Fixtures.es256], fetchedAt: fetchedAt, expiresAt: expiresAt), to: path)
        #expect(!Self.cache(path: path).isReady)
    }

    @Test("The file's ETag never lets a 304 renew keys this process did not fetch")
    func storedETagNotSent() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.path + "/keys.json"
        let injected = try TestSigningKey.generate(.es256, keyID: "injected")
        try DurableFile.writeAtomically(Self.goodRecord(keys: [injected], etag: "\"v1\""), to: path)
        // A provider whose ETag the file's author copied: 304 to it, the real keys otherwise.
        let fetcher = InMemoryJWKSFetcher()
        let document = Array(TestSigningKey.jwksJSON([Fixtures.es256]).utf8)
        fetcher.respond(at: Self.url) { request throws(TokenGateError) in
            if request.etag == "\"v1\"" { return FetchResponse(status: .notModified, etag: "\"v1\"") }
            return FetchResponse(status: .ok, body: document, etag: "\"v1\"")
        }
        let cache = Self.cache(path: path, fetcher: fetcher)
        #expect(cache.snapshot?.keys.contains(keyID: "injected") == true)
        try await cache.refresh()
        #expect(fetcher.requests.first?.etag == nil)
        #expect(cache.snapshot?.keys.contains(keyID: "injected") == false)
        #expect(cache.snapshot?.keys.contains(keyID: "ec-1") == true)
    }
}
