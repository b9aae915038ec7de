/// A JSON number, kept as the literal text it was read from (RFC 8259 §6 grammar).
public struct JSONNumber: Hashable, Sendable, CustomStringConvertible {
    /// The literal text, for example `1732500000` or `1.5e3`.
    public let literal: String

    /// Creates a number from a literal the parser has already checked.
    package init(uncheckedLiteral literal: String) {
        self.literal = literal
    }

    /// Creates a number from an integer.
    public init(_ value: Int64) {
        self.literal = String(value)
    }

    /// Creates a number from a finite `Double`, or returns `nil` for NaN and infinities.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 9.007_199_254_740_992e15 {
            self.literal = String(Int64(value))
        } else {
            self.literal = String(value)
        }
    }

    /// The value as a `Double`; `nil` when it overflows to infinity.
    public var doubleValue: Double? {
        // Fast path: up to 15 decimal digits, no sign, fraction or exponent: exact.
        let utf8 = self.literal.utf8
        if utf8.count <= 15 {
            var value: Int64 = 0
            var allDigits = true
            for byte in utf8 {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                    allDigits = false
                    break
                }
                value = value &* 10 &+ Int64(byte &- UInt8(ascii: "0"))
            }
            if allDigits { return Double(value) }
        }
        guard let value = Double(self.literal), value.isFinite else { return nil }
        return value
    }

    /// The value as an `Int64`, when it is an integer literal that fits.
    public var int64Value: Int64? {
        Int64(self.literal)
    }

    public var description: String { self.literal }
}
