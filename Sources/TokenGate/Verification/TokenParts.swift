#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A compact JWS read once: its three segments located and its protected header decoded and
/// checked. Everything that looks at a token before trusting it (the verifier, the choice among
/// several issuers, the decision to refresh a key set) reads this one value; nothing in it is
/// trusted until the verifier has checked the signature.
package struct TokenParts: Sendable {
    /// The token exactly as received.
    package let raw: String
    /// The protected header, checked for shape (`alg` known, `crit` refused, ...).
    package let header: JOSEHeader
    /// Offsets of the two dots in ``raw``'s UTF-8.
    private let firstDot: Int
    private let secondDot: Int
    /// The claims, once read (``claims()``).
    private var readClaims: Result<JWTClaims, TokenGateError>?

    /// How deep a header may nest.
    static let headerDepth = 8
    /// How deep a payload may nest.
    static let payloadDepth = 32

    /// Splits `token` and reads its header.
    /// - Throws: ``TokenGateError``: `.tokenTooLarge`, `.encryptedToken` (five segments),
    ///   `.malformedToken` (not three segments, an empty header, a header that is not
    ///   base64url), `.malformedHeader` and the header's own refusals (see ``JOSEHeader``).
    package init(_ token: String, maximumLength: Int) throws(TokenGateError) {
        let utf8 = token.utf8
        guard utf8.count <= maximumLength else { throw TokenGateError(.tokenTooLarge) }
        var raw = token
        // The dots' offsets (a fifth is enough to know the token is neither a JWS nor a JWE).
        let (dots, first, second) = raw.withUTF8 { bytes -> (count: Int, first: Int, second: Int) in
            var count = 0
            var offsets = (0, 0)
            var start = 0
            while count <= 4, let dot = Self.indexOfDot(in: bytes, from: start) {
                if count == 0 { offsets.0 = dot } else if count == 1 { offsets.1 = dot }
                count += 1
                start = dot + 1
            }
            return (count, offsets.0, offsets.1)
        }
        guard dots == 2, first > 0 else {
            throw TokenGateError(dots == 4 ? .encryptedToken : .malformedToken, detail: "segment count")
        }
        self.raw = raw
        self.firstDot = first
        self.secondDot = second
        let members = try Self.decode(utf8.prefix(first), depth: Self.headerDepth, segment: "header")
        guard let members else { throw TokenGateError(.malformedHeader, detail: "header not a JSON object") }
        self.header = try JOSEHeader(members)
    }

    /// Whether the signature segment is not empty.
    package var hasSignature: Bool { self.secondDot + 1 < self.raw.utf8.count }

    /// The offset of the first `.` at or after `start`, or `nil` (memchr: vectorized).
    private static func indexOfDot(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + start, Int32(UInt8(ascii: ".")), bytes.count - start)
        else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The signature segment's bytes, decoded.
    /// - Throws: `.malformedToken` when the segment is empty or not base64url.
    package func signature() throws(TokenGateError) -> [UInt8] {
        let segment = self.raw.utf8.dropFirst(self.secondDot + 1)
        guard !segment.isEmpty else { throw TokenGateError(.malformedToken, detail: "signature empty") }
        guard let bytes = Base64URL.decode(segment) else { throw TokenGateError(.malformedToken, detail: "signature not base64url") }
        return bytes
    }

    /// Calls `body` with the signing input: the header and payload segments with the dot between them.
    package func withSigningInput<Value>(_ body: (UnsafeRawBufferPointer) -> Value) -> Value {
        var raw = self.raw
        let length = self.secondDot
        return raw.withUTF8 { bytes in body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[0..<length]))) }
    }

    /// The payload's bytes, decoded (JSON for a JWT, anything for a bare JWS).
    /// - Throws: `.malformedToken` when the segment is not base64url.
    package func payload() throws(TokenGateError) -> [UInt8] {
        let segment = self.raw.utf8.dropFirst(self.firstDot + 1).prefix(self.secondDot - self.firstDot - 1)
        guard let bytes = Base64URL.decode(segment) else { throw TokenGateError(.malformedToken, detail: "payload not base64url") }
        return bytes
    }

    /// The payload read as claims: read once, kept for later calls (its refusal too).
    /// - Throws: `.malformedToken` (not base64url), `.malformedClaims` (not a JSON object).
    package mutating func claims() throws(TokenGateError) -> JWTClaims {
        if let readClaims { return try readClaims.get() }
        let result: Result<JWTClaims, TokenGateError>
        do throws(TokenGateError) {
            let payload = try self.payload()
            let members = try Self.parse(payload, depth: Self.payloadDepth, code: .malformedClaims, segment: "payload")
            guard let members else { throw TokenGateError(.malformedClaims, detail: "payload not a JSON object") }
            result = .success(JWTClaims(memberList: members))
        } catch {
            result = .failure(error)
        }
        self.readClaims = result
        return try result.get()
    }

    /// Decodes a base64url segment and reads it as a JSON object's members (`nil` for JSON
    /// that is not an object).
    private static func decode(_ segment: Substring.UTF8View.SubSequence, depth: Int, segment name: StaticString) throws(TokenGateError)
        -> JSONMemberList?
    {
        guard let bytes = Base64URL.decode(segment) else { throw TokenGateError(.malformedToken, detail: "\(name) not base64url") }
        return try Self.parse(bytes, depth: depth, code: .malformedHeader, segment: name)
    }

    private static func parse(
        _ bytes: [UInt8],
        depth: Int,
        code: TokenGateError.Code,
        segment: StaticString
    ) throws(TokenGateError) -> JSONMemberList? {
        let result: Result<JSONMemberList?, JSONParser.Failure> = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParser.Failure) in try JSONParser.parseMemberList(buffer, maximumDepth: depth, capacity: 12) }
        }
        switch result {
        case .success(let members): return members
        case .failure(let failure): throw TokenGateError(code, detail: "\(segment) not JSON", underlying: failure)
        }
    }
}
