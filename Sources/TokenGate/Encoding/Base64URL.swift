/// Strict base64url (RFC 4648 §5) as JWS requires it (RFC 7515 §2): no padding, no `+` or `/`,
/// no whitespace, and canonical trailing bits.
package enum Base64URL {
    /// Decodes strict base64url, or returns `nil` for any non-canonical input.
    @inline(__always)
    package static func decode(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        let count = input.count
        let remainder = count & 3
        if remainder == 1 { return nil }
        let outputCount = (count >> 2) * 3 + (remainder == 0 ? 0 : remainder - 1)
        var valid = true
        let output = [UInt8](unsafeUninitializedCapacity: outputCount) { buffer, initialized in
            var inIndex = 0
            var outIndex = 0
            let fullEnd = count - remainder
            while inIndex < fullEnd {
                let a = value(input[inIndex])
                let b = value(input[inIndex + 1])
                let c = value(input[inIndex + 2])
                let d = value(input[inIndex + 3])
                if (a | b | c | d) & 0x80 != 0 {
                    valid = false
                    break
                }
                buffer[outIndex] = (a << 2) | (b >> 4)
                buffer[outIndex + 1] = (b << 4) | (c >> 2)
                buffer[outIndex + 2] = (c << 6) | d
                inIndex += 4
                outIndex += 3
            }
            if valid && remainder != 0 {
                let a = value(input[inIndex])
                let b = value(input[inIndex + 1])
                if remainder == 2 {
                    // 12 bits carry 8: the low 4 bits of `b` must be zero.
                    if (a | b) & 0x80 != 0 || b & 0x0F != 0 {
                        valid = false
                    } else {
                        buffer[outIndex] = (a << 2) | (b >> 4)
                        outIndex += 1
                    }
                } else {
                    // 18 bits carry 16: the low 2 bits of `c` must be zero.
                    let c = value(input[inIndex + 2])
                    if (a | b | c) & 0x80 != 0 || c & 0x03 != 0 {
                        valid = false
                    } else {
                        buffer[outIndex] = (a << 2) | (b >> 4)
                        buffer[outIndex + 1] = (b << 4) | (c >> 2)
                        outIndex += 2
                    }
                }
            }
            if !valid {
                // Leave the buffer fully initialized with zeros; it is discarded.
                for index in outIndex..<outputCount { buffer[index] = 0 }
            }
            initialized = outputCount
        }
        return valid ? output : nil
    }

    /// Decodes strict base64url from a string, or returns `nil`.
    package static func decode(_ input: some StringProtocol) -> [UInt8]? {
        var copy = String(input)
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// The 6-bit value of a base64url character, or 0xFF for any other byte.
    @inline(__always)
    private static func value(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte &- UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte &- UInt8(ascii: "a") &+ 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0") &+ 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: 0xFF
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
