#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Array where Element == UInt8 {
    /// Whether these bytes are exactly `other` (one `memcmp` after the length check): how a
    /// token's bytes are matched against configured strings and remembered headers.
    @inline(__always)
    func hasSameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        guard self.count == other.count else { return false }
        guard let base = other.baseAddress, !other.isEmpty else { return true }
        return self.withUnsafeBytes { memcmp($0.baseAddress!, base, other.count) == 0 }
    }
}
