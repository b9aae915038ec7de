import Crypto

/// Strict base64url (RFC 4648 §5) as JWS requires it (RFC 7515 §2): no padding, no `+` or `/`,
/// no whitespace, and canonical trailing bits.
package enum Base64URL {
    /// Decodes strict base64url, or returns `nil` for any non-canonical input (a character
    /// outside the alphabet, a length of 4n+1, non-zero trailing bits).
    package static func decode(_ input: some Collection<UInt8>) -> [UInt8]? {
        // A token's segments are slices of a native string: decoded from its contiguous bytes.
        if let decoded = input.withContiguousStorageIfAvailable({ Self.decode(bytes: $0) }) { return decoded }
        return Array(input).withUnsafeBufferPointer { Self.decode(bytes: $0) }
    }

    /// Four characters at a time through a 256-entry table (0x80 marks a byte outside the
    /// alphabet), then the 2- or 3-character tail, whose unused low bits must be zero.
    private static func decode(bytes input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = input.count
        let tail = count % 4
        guard tail != 1 else { return nil }
        let outputCount = count / 4 * 3 + (tail == 0 ? 0 : tail - 1)
        var bad: UInt8 = 0
        let output = [UInt8](unsafeUninitializedCapacity: outputCount) { buffer, initialized in
            Self.table.withUnsafeBufferPointer { table in
                var index = 0
                var written = 0
                while index + 4 <= count {
                    let a = table[Int(input[index])], b = table[Int(input[index + 1])]
                    let c = table[Int(input[index + 2])], d = table[Int(input[index + 3])]
                    bad |= a | b | c | d
                    let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    buffer[written] = UInt8(truncatingIfNeeded: group >> 16)
                    buffer[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                    buffer[written + 2] = UInt8(truncatingIfNeeded: group)
                    index += 4
                    written += 3
                }
                if tail >= 2 {
                    let a = table[Int(input[index])], b = table[Int(input[index + 1])]
                    let c = tail == 3 ? table[Int(input[index + 2])] : 0
                    bad |= a | b | c
                    // 12 bits (one byte and 4 zero bits) or 18 bits (two bytes and 2 zero bits).
                    let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
                    if group & (tail == 2 ? 0x00_FFFF : 0x00_00FF) != 0 { bad |= 0x80 }
                    buffer[written] = UInt8(truncatingIfNeeded: group >> 16)
                    if tail == 3 { buffer[written + 1] = UInt8(truncatingIfNeeded: group >> 8) }
                }
            }
            initialized = outputCount
        }
        return bad & 0x80 == 0 ? output : nil
    }

    /// Each byte's 6 bits, or 0x80 for a byte outside the alphabet.
    private static let table: [UInt8] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt8(byte) - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt8(byte) - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: 0x80
        }
    }

    /// Decodes strict base64url from a string, or returns `nil`.
    package static func decode(_ input: some StringProtocol) -> [UInt8]? {
        decode(input.utf8)
    }

    /// `bytes` random bytes (default 32: 256 bits) from the system's generator, as unpadded
    /// base64url: for `state`, nonces, CSRF tokens, `jti`s and the local issuer's secrets.
    package static func random(bytes: Int = 32) -> String {
        encode(SymmetricKey(size: SymmetricKeySize(bitCount: bytes * 8)).withUnsafeBytes { Array($0) })
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
