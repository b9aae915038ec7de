/// Strict base64url (RFC 4648 §5) as JWS requires it (RFC 7515 §2): no padding, no `+` or `/`,
/// no whitespace, and canonical trailing bits.
package enum Base64URL {
    /// The number of bytes `count` base64url characters decode to, or `nil` for an
    /// impossible length.
    @inline(__always)
    package static func decodedCount(_ count: Int) -> Int? {
        let remainder = count & 3
        if remainder == 1 { return nil }
        return (count >> 2) * 3 + (remainder == 0 ? 0 : remainder - 1)
    }

    /// Decodes strict base64url, or returns `nil` for any non-canonical input.
    package static func decode(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let outputCount = decodedCount(input.count) else { return nil }
        var valid = true
        let output = [UInt8](unsafeUninitializedCapacity: outputCount) { buffer, initialized in
            valid = decode(input, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = outputCount
        }
        return valid ? output : nil
    }

    /// Decodes strict base64url into `output`, which holds exactly
    /// `decodedCount(input.count)` bytes; returns whether the input was canonical.
    package static func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Bool {
        let count = input.count
        let remainder = count & 3
        return decodingTable.withUnsafeBufferPointer { table -> Bool in
            var inIndex = 0
            var outIndex = 0
            let fullEnd = count - remainder
            var bad: UInt8 = 0
            while inIndex < fullEnd {
                let a = table[Int(input[inIndex])]
                let b = table[Int(input[inIndex + 1])]
                let c = table[Int(input[inIndex + 2])]
                let d = table[Int(input[inIndex + 3])]
                bad |= a | b | c | d
                output[outIndex] = (a << 2) | (b >> 4)
                output[outIndex + 1] = (b << 4) | (c >> 2)
                output[outIndex + 2] = (c << 6) | d
                inIndex += 4
                outIndex += 3
            }
            if remainder == 2 {
                // 12 bits carry 8: the low 4 bits of the last character must be zero.
                let a = table[Int(input[inIndex])]
                let b = table[Int(input[inIndex + 1])]
                bad |= a | b | (b & 0x0F == 0 ? 0 : 0x80)
                output[outIndex] = (a << 2) | (b >> 4)
            } else if remainder == 3 {
                // 18 bits carry 16: the low 2 bits of the last character must be zero.
                let a = table[Int(input[inIndex])]
                let b = table[Int(input[inIndex + 1])]
                let c = table[Int(input[inIndex + 2])]
                bad |= a | b | c | (c & 0x03 == 0 ? 0 : 0x80)
                output[outIndex] = (a << 2) | (b >> 4)
                output[outIndex + 1] = (b << 4) | (c >> 2)
            }
            return bad & 0x80 == 0
        }
    }

    /// Decodes strict base64url into temporary storage (on the stack when small) and passes
    /// the bytes to `body`; `nil` for non-canonical input.
    @inline(__always)
    package static func withDecoded<R, E: Error>(
        _ input: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R? {
        guard let count = decodedCount(input.count) else { return nil }
        return try withUnsafeTemporaryAllocation(byteCount: max(count, 1), alignment: 8) { buffer throws(E) -> R? in
            let output = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
            guard decode(input, into: output) else { return nil }
            return try body(UnsafeRawBufferPointer(output))
        }
    }

    /// Decodes strict base64url from a string, or returns `nil`.
    package static func decode(_ input: some StringProtocol) -> [UInt8]? {
        var copy = String(input)
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// 256 entries: the 6-bit value of each byte, 0x80 for bytes outside the alphabet.
    private static let decodingTable: [UInt8] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt8(byte) - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt8(byte) - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: 0x80
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
