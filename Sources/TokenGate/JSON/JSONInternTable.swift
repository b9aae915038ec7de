#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Strings a verifier expects to read (its issuer, audiences, tenant): when a token's string
/// value has exactly these bytes, the parser hands out the configured `String` instead of
/// allocating a copy. Only strings too long to be stored inline (over 15 bytes) are kept.
package struct JSONInternTable: Sendable {
    private struct Entry: Sendable {
        let bytes: [UInt8]
        let string: String
    }

    private let entries: [Entry]

    /// A table that interns nothing.
    package static let empty = JSONInternTable([])

    /// Creates a table of `strings` (duplicates and short strings are dropped; at most 8 kept,
    /// so a lookup stays a handful of length comparisons).
    package init(_ strings: some Sequence<String>) {
        var seen = Set<String>()
        var entries: [Entry] = []
        for string in strings where string.utf8.count > 15 && entries.count < 8 && seen.insert(string).inserted {
            entries.append(Entry(bytes: Array(string.utf8), string: string))
        }
        self.entries = entries
    }

    /// The configured string with exactly `bytes`, if any.
    @inline(__always)
    package func string(for bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count > 15 else { return nil }
        for entry in self.entries where entry.bytes.count == bytes.count {
            let equal = entry.bytes.withUnsafeBytes { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            if equal { return entry.string }
        }
        return nil
    }
}
