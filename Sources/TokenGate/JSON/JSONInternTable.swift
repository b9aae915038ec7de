/// Strings a verifier expects to read (its issuer, audiences, tenant): when a token's string
/// value has exactly these bytes, the parser hands out the configured `String` instead of
/// allocating a copy. Only strings too long to be stored inline (over 15 bytes) are kept.
package struct JSONInternTable: Sendable {
    private struct Entry: Sendable {
        let bytes: [UInt8]
        let string: String
    }

    private struct ArrayEntry: Sendable {
        let bytes: [UInt8]
        let array: [JSONValue]
    }

    private let entries: [Entry]
    private let arrays: [ArrayEntry]

    /// A table that interns nothing.
    package static let empty = JSONInternTable([])

    /// Creates a table of `strings` (duplicates and short strings are dropped; at most 8 kept,
    /// so a lookup stays a handful of length comparisons), and of one-element arrays of
    /// `arrayElements` (an `aud` is usually an array of the one client id a verifier accepts;
    /// at most 8 kept).
    package init(_ strings: some Sequence<String>, arrayElements: some Sequence<String> = [String]()) {
        var seen = Set<String>()
        var entries: [Entry] = []
        for string in strings where string.utf8.count > 15 && entries.count < 8 && seen.insert(string).inserted {
            entries.append(Entry(bytes: Array(string.utf8), string: string))
        }
        self.entries = entries
        seen = []
        var arrays: [ArrayEntry] = []
        for element in arrayElements where arrays.count < 8 && seen.insert(element).inserted {
            arrays.append(ArrayEntry(bytes: Array(element.utf8), array: [.string(self.entries.first { $0.string == element }?.string ?? element)]))
        }
        self.arrays = arrays
    }

    /// The configured string with exactly `bytes`, if any.
    @inline(__always)
    package func string(for bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count > 15 else { return nil }
        for entry in self.entries where entry.bytes.hasSameBytes(as: bytes) { return entry.string }
        return nil
    }

    /// Whether the table has one-element arrays.
    @inline(__always)
    package var hasArrays: Bool { !self.arrays.isEmpty }

    /// The configured one-element array whose string has exactly `bytes` (the raw bytes
    /// between the quotes, which the caller has checked hold no escape), if any.
    @inline(__always)
    package func array(for bytes: UnsafeRawBufferPointer) -> [JSONValue]? {
        for entry in self.arrays where entry.bytes.hasSameBytes(as: bytes) { return entry.array }
        return nil
    }
}
