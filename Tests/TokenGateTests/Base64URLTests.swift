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

    @Test("Refuses what is not canonical base64url", arguments: [
        "Zm9v=", "Zg==", "Zm+v", "Zm/v", "Zm9 v", "Zm9v\n", " Zm9v", "Z", "Zm9vY", "Zh", "Zm9", "Zm9\u{00e9}",
        "Zm9v.", "%Zm9",
    ])
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
}
