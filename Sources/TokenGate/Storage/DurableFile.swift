#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always)
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Small files written so a crash never leaves a torn one: write a temporary file beside the
/// target, flush it, rename it over the target, flush the directory.
package enum DurableFile {
    /// A failed system call, with its `errno`, or a file that is not trusted, with the reason.
    package struct Failure: Error {
        package let code: Int32
        /// Why the file is not trusted (a fixed phrase), when that is the failure.
        package let reason: String?

        package init(code: Int32, reason: String? = nil) {
            self.code = code
            self.reason = reason
        }
    }

    /// Writes `bytes` to `path` atomically, with mode 0600.
    package static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Failure) {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(code: errno) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw Failure(code: code)
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            close(descriptor)
            unlink(temporary)
            throw Failure(code: code)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(code: code)
        }
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let directoryDescriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Creates `path` and its missing parents with mode 0700 (existing folders are kept as they are).
    package static func makeDirectories(_ path: String) throws(Failure) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) != 0, errno != EEXIST { throw Failure(code: errno) }
            prefix += "/"
        }
    }

    /// Reads a whole file of at most `maximumSize` bytes; `nil` when it does not exist.
    package static func read(_ path: String, maximumSize: Int) throws(Failure) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw Failure(code: errno)
        }
        defer { close(descriptor) }
        return try Self.readAll(descriptor, maximumSize: maximumSize)
    }

    /// Reads a whole file of at most `maximumSize` bytes that only this process's user controls;
    /// `nil` when it does not exist.
    ///
    /// The file must be a regular file owned by the effective user, with no group or other
    /// permission bits (mode 0600 or stricter), and no component of `path` may be a symbolic
    /// link (the file itself is opened with `O_NOFOLLOW`, and without blocking, so a FIFO put in
    /// its place cannot stall the caller).
    /// - Throws: ``Failure`` with a `reason` when the file is not trusted, or the `errno` of a
    ///   failed call.
    package static func readPrivate(_ path: String, maximumSize: Int) throws(Failure) -> [UInt8]? {
        guard try Self.hasNoSymbolicLinks(path) else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        if descriptor < 0 {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP { throw Failure(code: code, reason: "the file is a symbolic link") }
            throw Failure(code: code)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Failure(code: errno) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw Failure(code: EINVAL, reason: "not a regular file") }
        guard status.st_uid == geteuid() else { throw Failure(code: EPERM, reason: "owned by another user") }
        guard status.st_mode & 0o077 == 0 else { throw Failure(code: EPERM, reason: "group or others have access (mode must be 0600)") }
        return try Self.readAll(descriptor, maximumSize: maximumSize)
    }

    /// Reads `descriptor` to its end, at most `maximumSize` bytes.
    private static func readAll(_ descriptor: Int32, maximumSize: Int) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(code: errno)
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            if bytes.count > maximumSize { throw Failure(code: EFBIG) }
        }
    }

    /// Checks each folder on `path` (the file itself is left to `O_NOFOLLOW`): `false` when one
    /// does not exist, throws when one is a symbolic link.
    private static func hasNoSymbolicLinks(_ path: String) throws(Failure) -> Bool {
        var prefix = path.hasPrefix("/") ? "/" : ""
        let components = path.split(separator: "/")
        for component in components.dropLast() {
            prefix += component
            var status = stat()
            if lstat(prefix, &status) != 0 {
                if errno == ENOENT { return false }
                throw Failure(code: errno)
            }
            if status.st_mode & S_IFMT == S_IFLNK { throw Failure(code: ELOOP, reason: "a folder on the path is a symbolic link") }
            prefix += "/"
        }
        return true
    }
}
