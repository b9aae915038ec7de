/// Standard base64 (RFC 4648 §4) with padding, as HTTP Basic authentication uses it; built on
/// the strict base64url codec, so the same canonical-encoding rules apply.
package enum Base64 {
    /// Encodes bytes as padded standard base64.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        var text = ""
        let unpadded = Base64URL.encode(bytes)
        text.reserveCapacity(unpadded.utf8.count + 2)
        for character in unpadded.unicodeScalars {
            switch character {
            case "-": text.append("+")
            case "_": text.append("/")
            default: text.unicodeScalars.append(character)
            }
        }
        while text.utf8.count % 4 != 0 { text.append("=") }
        return text
    }

    /// Decodes padded standard base64, or returns `nil` for anything else (missing or extra
    /// padding, characters outside the alphabet, non-canonical trailing bits).
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 4 == 0 else { return nil }
        var body = utf8
        var padding = 0
        while padding < 2, body.last == UInt8(ascii: "=") {
            body.removeLast()
            padding += 1
        }
        var translated: [UInt8] = []
        translated.reserveCapacity(body.count)
        for byte in body {
            switch byte {
            case UInt8(ascii: "+"): translated.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): translated.append(UInt8(ascii: "_"))
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "="): return nil
            default: translated.append(byte)
            }
        }
        return Base64URL.decode(translated)
    }
}
