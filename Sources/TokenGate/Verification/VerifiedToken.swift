/// A token whose signature and claims have been verified.
///
/// ``TokenVerifier/verify(_:keys:now:)`` checks every claim it is configured to check but
/// keeps none of them: ``claims`` reads the payload again on each call (about a microsecond
/// for a typical token), so read it once into a local, or call ``withClaimsRead()`` before
/// keeping the token. Tokens from the request pipeline (``APIStrategy``, ``IssuerVerifier``)
/// have their claims read already: copying one (into a request context, out of the
/// verified-token cache) costs one retain, and reading ``claims`` costs nothing.
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

    private enum Representation: Sendable {
        /// Claims read at verification and kept.
        case read(Storage)
        /// Claims checked at verification, read from the token when asked for.
        case unread(raw: String, header: JOSEHeader)
    }

    private let representation: Representation

    /// The token exactly as received.
    public var raw: String {
        switch self.representation {
        case .read(let storage): storage.raw
        case .unread(let raw, _): raw
        }
    }

    /// The protected header.
    public var header: JOSEHeader {
        switch self.representation {
        case .read(let storage): storage.header
        case .unread(_, let header): header
        }
    }

    /// The claims (read from the token on each call unless ``hasClaimsRead``).
    public var claims: JWTClaims {
        switch self.representation {
        case .read(let storage): storage.claims
        case .unread(let raw, _): Self.readClaims(raw)
        }
    }

    /// Whether ``claims`` were read once and kept (reading them costs nothing).
    public var hasClaimsRead: Bool {
        if case .read = self.representation { return true }
        return false
    }

    /// The same token with its claims read once and kept.
    public func withClaimsRead() -> VerifiedToken {
        switch self.representation {
        case .read: self
        case .unread(let raw, let header): VerifiedToken(raw: raw, header: header, claims: Self.readClaims(raw))
        }
    }

    /// Creates a verified token with its claims; only the verifier does this.
    package init(raw: String, header: JOSEHeader, claims: JWTClaims) {
        self.representation = .read(Storage(raw: raw, header: header, claims: claims))
    }

    /// Creates a verified token whose claims were checked but not kept; only the verifier
    /// does this.
    package init(raw: String, header: JOSEHeader) {
        self.representation = .unread(raw: raw, header: header)
    }

    /// The id of the key that verified the token, when the header named one.
    public var keyID: String? { self.header.keyID }

    /// The payload exactly as signed: the UTF-8 JSON text of the claims (decoded from the
    /// token's middle segment, so nothing is re-serialized).
    public var payloadJSON: [UInt8] {
        Self.withPayload(self.raw) { Array($0) } ?? []
    }

    /// Calls `body` with the decoded payload of `token`; `nil` when it has no payload segment
    /// or the segment is not base64url.
    private static func withPayload<Result>(_ token: String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        var token = token
        return token.withUTF8 { bytes -> Result? in
            guard let first = bytes.firstIndex(of: UInt8(ascii: ".")),
                let second = bytes[(first + 1)...].firstIndex(of: UInt8(ascii: "."))
            else { return nil }
            return Base64URL.withDecoded(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[(first + 1)..<second])), body)
        }
    }

    /// Reads the claims of a token the verifier accepted (so reading cannot fail: a token
    /// whose payload the verifier's checks passed is read by the same parser rules).
    private static func readClaims(_ token: String) -> JWTClaims {
        let list = Self.withPayload(token) { bytes in
            try? JSONParser.parseMemberList(bytes, maximumDepth: TokenVerifier.payloadDepth, capacity: 12)
        }
        guard let list = list ?? nil else {
            assertionFailure("a verified token's payload did not read")
            return JWTClaims(memberList: JSONMemberList(uniqueElements: []))
        }
        return JWTClaims(memberList: list)
    }
}
