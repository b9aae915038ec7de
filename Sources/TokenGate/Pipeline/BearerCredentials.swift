/// The tokens of an `Authorization: Bearer <access_token> [<identity_token>]` header, the
/// IBM Cloud App ID convention (SPEC §1): one or two token68 values separated by a single space.
///
/// ```swift
/// switch try BearerCredentials.parse(authorizationField: request.headerFields[.authorization]?[...]) {
/// case nil: // no credentials: 401 with a bare challenge
/// case let credentials?: print(credentials.accessToken, credentials.identityToken ?? "-")
/// }
/// ```
public struct BearerCredentials: Sendable, Hashable {
    /// The access token.
    public let accessToken: String
    /// The identity token, when the header carries a second one.
    public let identityToken: String?

    /// Creates credentials.
    public init(accessToken: String, identityToken: String? = nil) {
        self.accessToken = accessToken
        self.identityToken = identityToken
    }

    /// The default limit for the whole header value (16 KiB).
    public static let defaultMaximumLength = 16 * 1024

    /// Reads an `Authorization` field value.
    ///
    /// The scheme is matched case-insensitively (RFC 9110 §11.1) and followed by one or more
    /// spaces; surrounding spaces and tabs are ignored.
    /// - Parameters:
    ///   - authorizationField: The field value, or `nil` when the request has none.
    ///   - maximumLength: Longer values are refused.
    /// - Returns: `nil` for no header or another scheme ("no credentials").
    /// - Throws: ``TokenGateError`` `.malformedAuthorization` for an empty token, more than two
    ///   tokens, tokens not separated by exactly one space, characters outside token68, or an
    ///   over-long value.
    public static func parse(
        authorizationField: Substring?,
        maximumLength: Int = defaultMaximumLength
    ) throws(TokenGateError) -> BearerCredentials? {
        guard var field = authorizationField else { return nil }
        guard field.utf8.count <= maximumLength else {
            throw TokenGateError(.malformedAuthorization, detail: "authorization header too long")
        }
        let result = field.withUTF8 { bytes in Result { () throws(TokenGateError) in try Self.parse(bytes) } }
        return try result.get()
    }

    /// The header's bytes, read in place.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(TokenGateError) -> BearerCredentials? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        // Scheme: "bearer", any case, then at least one space.
        let scheme: StaticString = "bearer"
        guard end - start >= scheme.utf8CodeUnitCount else { return nil }
        for offset in 0..<scheme.utf8CodeUnitCount where bytes[start + offset] | 0x20 != scheme.utf8Start[offset] {
            return nil
        }
        var index = start + scheme.utf8CodeUnitCount
        if index == end { throw TokenGateError(.malformedAuthorization, detail: "empty bearer token") }
        guard bytes[index] == 0x20 else {
            // "Bearerx…" is another scheme; "Bearer\t…" is malformed.
            if bytes[index] == 0x09 { throw TokenGateError(.malformedAuthorization, detail: "bad separator") }
            return nil
        }
        while index < end, bytes[index] == 0x20 { index += 1 }
        var tokens: [String] = []
        tokens.reserveCapacity(2)
        var tokenStart = index
        while index <= end {
            if index == end || bytes[index] == 0x20 {
                let token = UnsafeBufferPointer(rebasing: bytes[tokenStart..<index])
                guard Self.isToken68(token) else {
                    throw TokenGateError(.malformedAuthorization, detail: "empty token or character outside token68")
                }
                guard tokens.count < 2 else { throw TokenGateError(.malformedAuthorization, detail: "more than two tokens") }
                tokens.append(String(decoding: token, as: UTF8.self))
                index += 1
                tokenStart = index
                continue
            }
            index += 1
        }
        return BearerCredentials(accessToken: tokens[0], identityToken: tokens.count == 2 ? tokens[1] : nil)
    }

    /// token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" (RFC 9110 §11.2).
    private static func isToken68(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        // The characters, by table (one load per byte), then the padding.
        Self.token68Table.withUnsafeBufferPointer { table in
            while index < token.count, table[Int(token[index])] { index += 1 }
        }
        guard index > 0 else { return false }
        while index < token.count, token[index] == UInt8(ascii: "=") { index += 1 }
        return index == token.count
    }

    private static let token68Table: [Bool] = (0..<256).map { value in
        switch UInt8(value) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            true
        default:
            false
        }
    }
}
