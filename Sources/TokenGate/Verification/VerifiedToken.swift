/// A token whose signature and claims have been verified.
///
/// A value with one reference inside: copying it (into a request context, out of the
/// verified-token cache) costs one retain, whatever the token holds.
public struct VerifiedToken: Sendable {
    final class Storage: Sendable {
        let raw: String
        let header: JOSEHeader
        let claims: JWTClaims

        init(raw: String, header: JOSEHeader, claims: JWTClaims) {
            self.raw = raw
            self.header = header
            self.claims = claims
        }
    }

    private let storage: Storage

    /// The token exactly as received.
    public var raw: String { self.storage.raw }
    /// The protected header.
    public var header: JOSEHeader { self.storage.header }
    /// The claims.
    public var claims: JWTClaims { self.storage.claims }

    /// Creates a verified token; only the verifier does this.
    package init(raw: String, header: JOSEHeader, claims: JWTClaims) {
        self.storage = Storage(raw: raw, header: header, claims: claims)
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
