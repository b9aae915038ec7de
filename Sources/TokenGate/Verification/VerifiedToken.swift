/// A token whose signature and claims have been verified.
public struct VerifiedToken: Sendable {
    /// The token exactly as received.
    public let raw: String
    /// The protected header.
    public let header: JOSEHeader
    /// The claims.
    public let claims: JWTClaims

    /// Creates a verified token; only the verifier does this.
    package init(raw: String, header: JOSEHeader, claims: JWTClaims) {
        self.raw = raw
        self.header = header
        self.claims = claims
    }

    /// The id of the key that verified the token, when the header named one.
    public var keyID: String? { self.header.keyID }

    /// The payload exactly as signed: the UTF-8 JSON text of the claims (decoded from the
    /// token's middle segment, so nothing is re-serialized).
    public var payloadJSON: [UInt8] {
        var raw = self.raw
        return raw.withUTF8 { bytes -> [UInt8] in
            guard let first = bytes.firstIndex(of: UInt8(ascii: ".")),
                let second = bytes[(first + 1)...].firstIndex(of: UInt8(ascii: "."))
            else { return [] }
            return Base64URL.decode(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[(first + 1)..<second]))) ?? []
        }
    }
}
