/// A JSON number, kept exactly as written (RFC 8259 §6 grammar).
///
/// Integers of up to 15 digits (every `exp`, `iat` and `nbf` a token carries) are kept as an
/// integer, so reading a token makes no string for them and ``doubleValue`` costs nothing;
/// anything else keeps its literal text, so no precision is ever lost. Two numbers are equal
/// when their literals are.
public struct JSONNumber: Hashable, Sendable, CustomStringConvertible {
    private enum Storage: Hashable, Sendable {
        /// A literal that is `-?[1-9][0-9]{0,14}` or `0`: its text is `String(value)`.
        case integer(Int64)
        /// Any other literal.
        case text(String)
    }

    private let storage: Storage

    /// The literal text, for example `1732500000` or `1.5e3`.
    public var literal: String {
        switch self.storage {
        case .integer(let value): String(value)
        case .text(let text): text
        }
    }

    /// Creates a number from a literal the parser has already checked.
    package init(uncheckedLiteral literal: String) {
        var text = literal
        let integer = text.withUTF8 { Self.integer(UnsafeRawBufferPointer($0)) }
        self.storage = integer.map(Storage.integer) ?? .text(literal)
    }

    /// Creates a number from literal bytes the parser has already checked.
    package init(uncheckedLiteral bytes: UnsafeRawBufferPointer) {
        if let integer = Self.integer(bytes) {
            self.storage = .integer(integer)
        } else {
            self.storage = .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Creates a number from an integer.
    public init(_ value: Int64) {
        self.init(uncheckedLiteral: String(value))
    }

    /// Creates a number from a finite `Double`, or returns `nil` for NaN and infinities.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 9.007_199_254_740_992e15 {
            self.init(Int64(value))
        } else {
            self.init(uncheckedLiteral: String(value))
        }
    }

    /// The value as a `Double`; `nil` when it overflows to infinity.
    public var doubleValue: Double? {
        switch self.storage {
        case .integer(let value): return Double(value)  // 15 digits: exact
        case .text(let text):
            guard let value = Double(text), value.isFinite else { return nil }
            return value
        }
    }

    /// The value as an `Int64`, when it is an integer literal that fits.
    public var int64Value: Int64? {
        switch self.storage {
        case .integer(let value): value
        case .text(let text): Int64(text)
        }
    }

    public var description: String { self.literal }

    /// The value of a literal in canonical integer form with at most 15 digits (exactly what
    /// `String(Int64)` writes back), else `nil`.
    @inline(__always)
    private static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }
        let digits = bytes.count - index
        guard digits >= 1, digits <= 15 else { return nil }
        // No leading zero (except "0" itself), and no "-0", which `String(Int64)` would not give back.
        if bytes[index] == UInt8(ascii: "0"), digits > 1 || negative { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int64(digit)
            index += 1
        }
        return negative ? -value : value
    }
}
