/// Strict base64url (RFC 4648 §5) as JWS requires it (RFC 7515 §2): no padding, no `+` or `/`,
/// no whitespace, and canonical trailing bits.
package enum Base64URL {
    /// Decodes strict base64url, or returns `nil` for any non-canonical input (a character
    /// outside the alphabet, a length of 4n+1, non-zero trailing bits).
    package static func decode(_ input: some Collection<UInt8>) -> [UInt8]? {
        guard input.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3 + 2)
        var group: UInt32 = 0
        var filled = 0
        for byte in input {
            guard let value = Self.value(of: byte) else { return nil }
            group = group << 6 | UInt32(value)
            filled += 1
            if filled == 4 {
                output.append(UInt8(truncatingIfNeeded: group >> 16))
                output.append(UInt8(truncatingIfNeeded: group >> 8))
                output.append(UInt8(truncatingIfNeeded: group))
                group = 0
                filled = 0
            }
        }
        switch filled {
        case 2:  // 12 bits: one byte, then 4 bits that must be zero
            guard group & 0x0F == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:  // 18 bits: two bytes, then 2 bits that must be zero
            guard group & 0x03 == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 10))
            output.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            break
        }
        return output
    }

    /// Decodes strict base64url from a string, or returns `nil`.
    package static func decode(_ input: some StringProtocol) -> [UInt8]? {
        decode(input.utf8)
    }

    /// The 6 bits a base64url character stands for, or `nil` outside the alphabet.
    @inline(__always)
    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }

    /// Encodes bytes as unpadded base64url.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        let input = Array(bytes)
        let outputCount = (input.count / 3) * 4 + [0, 2, 3][input.count % 3]
        return String(unsafeUninitializedCapacity: outputCount) { buffer in
            alphabet.withUTF8Buffer { table in
                var inIndex = 0
                var outIndex = 0
                while inIndex + 3 <= input.count {
                    let word = UInt32(input[inIndex]) << 16 | UInt32(input[inIndex + 1]) << 8 | UInt32(input[inIndex + 2])
                    buffer[outIndex] = table[Int(word >> 18 & 0x3F)]
                    buffer[outIndex + 1] = table[Int(word >> 12 & 0x3F)]
                    buffer[outIndex + 2] = table[Int(word >> 6 & 0x3F)]
                    buffer[outIndex + 3] = table[Int(word & 0x3F)]
                    inIndex += 3
                    outIndex += 4
                }
                let rest = input.count - inIndex
                if rest == 1 {
                    let word = UInt32(input[inIndex]) << 16
                    buffer[outIndex] = table[Int(word >> 18 & 0x3F)]
                    buffer[outIndex + 1] = table[Int(word >> 12 & 0x3F)]
                } else if rest == 2 {
                    let word = UInt32(input[inIndex]) << 16 | UInt32(input[inIndex + 1]) << 8
                    buffer[outIndex] = table[Int(word >> 18 & 0x3F)]
                    buffer[outIndex + 1] = table[Int(word >> 12 & 0x3F)]
                    buffer[outIndex + 2] = table[Int(word >> 6 & 0x3F)]
                }
            }
            return outputCount
        }
    }
}
