import Testing

@testable import TokenGate

@Suite("Strict base64url")
struct Base64URLTests {
    @Test("Round trip for every length up to 64")
    func roundTrip() {
        for length in 0...64 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let encoded = Base64URL.encode(bytes)
            #expect(!encoded.contains("="))
            #expect(Base64URL.decode(encoded) == bytes)
        }
    }

    @Test(
        "Refuses what is not canonical base64url",
        arguments: [
            "Zm9v=", "Zg==", "Zm+v", "Zm/v", "Zm9 v", "Zm9v\n", " Zm9v", "Z", "Zm9vY", "Zh", "Zm9", "Zm9\u{00e9}",
            "Zm9v.", "%Zm9",
        ]
    )
    func refusesNonCanonical(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test("Canonical trailing bits decode")
    func canonicalTrailingBits() {
        #expect(Base64URL.decode("Zg") == [0x66])
        #expect(Base64URL.decode("Zm8") == [0x66, 0x6F])
        #expect(Base64URL.decode("") == [])
        #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    }

    @Test("Every byte value at every position agrees with a bit-by-bit reference decoder")
    func everyByteEveryPosition() {
        // Whole groups of four, and tails of two and three characters; each of the 256 byte
        // values goes at every position.
        let base = Array("QUJDREVGR0hJSktMTU5PUFFSU1RVVldY".utf8)  // 32 characters
        var checked = 0
        for length in [12, 16, 22, 23, 27] {
            for position in 0..<length {
                for byte in 0...255 {
                    var input = Array(base.prefix(length))
                    input[position] = UInt8(byte)
                    let decoded = input.withUnsafeBytes { Base64URL.decode($0) }
                    #expect(decoded == Self.reference(input), "length \(length) position \(position) byte \(byte)")
                    checked += 1
                }
            }
        }
        #expect(checked == (12 + 16 + 22 + 23 + 27) * 256)
    }

    @Test("An impossible length (4n+1 characters) is refused")
    func impossibleLength() {
        for input in ["Z", "Zm9vY", "Zm9vYmFyZ"] {
            #expect(Base64URL.decode(input) == nil, "\(input)")
        }
    }

    @Test("Random inputs agree with the reference decoder")
    func randomDifferential() {
        var random = SeededGenerator(seed: 0xB64)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var valid = 0
        for _ in 0..<20_000 {
            var input = (0..<Int.random(in: 0...80, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            if !input.isEmpty, Int.random(in: 0..<3, using: &random) == 0 {
                input[Int.random(in: 0..<input.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            let expected = Self.reference(input)
            #expect(input.withUnsafeBytes { Base64URL.decode($0) } == expected)
            if expected != nil { valid += 1 }
        }
        #expect(valid > 5_000)
    }

    /// Bit by bit, as RFC 4648 describes it: 6 bits per character, whole bytes out, leftover
    /// bits zero, no padding, only the URL-safe alphabet.
    static func reference(_ input: [UInt8]) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        guard input.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for character in input {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return accumulator == 0 ? output : nil
    }
}
