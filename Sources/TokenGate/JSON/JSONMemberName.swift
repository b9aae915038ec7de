/// A member name as a dictionary or set key that is equal to another exactly when their UTF-8
/// bytes are equal.
///
/// `String`'s `==` and hashing use canonical equivalence: to it "\u{212A}" (KELVIN SIGN) is
/// "K", and "é" is "e" followed by U+0301. JSON (RFC 8259 §8.3) and JOSE compare names code
/// unit by code unit, so the parser keys every name index and duplicate check by this type:
/// such names are different members, on every path.
package struct JSONMemberName: Hashable, Sendable {
    /// The name.
    package let text: String

    /// Wraps `text`.
    @inline(__always)
    package init(_ text: String) {
        self.text = text
    }

    package func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    package static func == (lhs: JSONMemberName, rhs: JSONMemberName) -> Bool {
        lhs.text.hasSameUTF8(as: rhs.text)
    }
}
