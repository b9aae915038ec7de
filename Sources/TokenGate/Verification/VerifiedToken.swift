import Synchronization

/// A token whose signature and claims have been verified.
///
/// A value with one reference inside: copying it (into a request context, out of the
/// verified-token cache) costs one retain, whatever the token holds.
///
/// ``TokenVerifier/verify(_:keys:now:)`` checks every claim it is configured to check without
/// keeping them; ``claims`` reads them from the token on first use (about a microsecond for a
/// typical token) and keeps them, so later reads cost a lock. Tokens from the request pipeline
/// (``APIStrategy``, ``IssuerVerifier``) had their claims read during verification.
public struct VerifiedToken: Sendable {
    final class Storage: Sendable {
        let raw: String
        let header: JOSEHeader
        /// Claims read during verification.
        let readClaims: JWTClaims?
        /// Claims read on first use, when they were not read during verification.
        let laterClaims = Mutex<JWTClaims?>(nil)

        init(raw: String, header: JOSEHeader, claims: JWTClaims?) {
            self.raw = raw
            self.header = header
            self.readClaims = claims
        }

        var claims: JWTClaims {
            if let readClaims = self.readClaims { return readClaims }
            return self.laterClaims.withLock { later in
                if let later { return later }
                let claims = VerifiedToken.readClaims(self.raw)
                later = claims
                return claims
            }
        }
    }

    private let storage: Storage

    /// The token exactly as received.
    public var raw: String { self.storage.raw }
    /// The protected header.
    public var header: JOSEHeader { self.storage.header }
    /// The claims (read from the token on first use when verification only checked them).
    public var claims: JWTClaims { self.storage.claims }

    /// Whether the claims have been read (during verification or since); for tests.
    package var claimsWereRead: Bool {
        self.storage.readClaims != nil || self.storage.laterClaims.withLock { $0 != nil }
    }

    /// Creates a verified token with its claims; only the verifier does this.
    package init(raw: String, header: JOSEHeader, claims: JWTClaims) {
        self.storage = Storage(raw: raw, header: header, claims: claims)
    }

    /// Creates a verified token whose claims were checked but not kept; only the verifier
    /// does this.
    package init(raw: String, header: JOSEHeader) {
        self.storage = Storage(raw: raw, header: header, claims: nil)
    }

    /// The id of the key that verified the token, when the header named one.
    public var keyID: String? { self.header.keyID }

    /// The payload exactly as signed: the UTF-8 JSON text of the claims (decoded from the
    /// token's middle segment, so nothing is re-serialized).
    public var payloadJSON: [UInt8] {
        var output: [UInt8] = []
        self.appendPayloadJSON(to: &output)
        return output
    }

    /// Appends the payload exactly as signed (the UTF-8 JSON text of the claims) to `output`,
    /// decoding straight into it: ``payloadJSON`` without the intermediate array, for writers
    /// that copy the claims into a larger document.
    /// - Parameter output: The bytes to append to.
    public func appendPayloadJSON(to output: inout [UInt8]) {
        // The verifier decoded this segment, so it is present and base64url.
        Self.withPayloadSegment(self.raw) { segment in
            guard let count = Base64URL.decodedCount(segment.count), count > 0 else { return }
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: count))
            let decoded = output.withUnsafeMutableBytes { Base64URL.decode(segment, into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
            if !decoded { output.removeLast(count) }
        }
    }

    /// Calls `body` with the payload segment of `token` (still base64url); `nil` when the
    /// token has no second `.`.
    private static func withPayloadSegment<Result>(_ token: String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        var token = token
        return token.withUTF8 { buffer -> Result? in
            let bytes = UnsafeRawBufferPointer(buffer)
            guard let first = TokenVerifier.indexOfDot(in: bytes, from: 0),
                let second = TokenVerifier.indexOfDot(in: bytes, from: first + 1)
            else { return nil }
            return body(UnsafeRawBufferPointer(rebasing: bytes[(first + 1)..<second]))
        }
    }

    /// Reads the claims of a token the verifier accepted (so reading cannot fail: a token
    /// whose payload the verifier's checks passed is read by the same parser rules).
    private static func readClaims(_ token: String) -> JWTClaims {
        let list = Self.withPayloadSegment(token) { segment -> JSONMemberList? in
            Base64URL.withDecoded(segment) { bytes in try? TokenVerifier.readPayload(bytes) } ?? nil
        }
        guard let list = list ?? nil else {
            assertionFailure("a verified token's payload did not read")
            return JWTClaims(memberList: JSONMemberList(uniqueElements: []))
        }
        return JWTClaims(memberList: list)
    }
}
