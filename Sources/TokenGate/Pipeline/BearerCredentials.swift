#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The tokens of an `Authorization: Bearer <access_token> [<identity_token>]` header, the
/// IBM Cloud App ID convention (docs/behaviour.md): one or two token68 values separated by a single space.
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

    /// The error for a token that is empty or has a character outside token68.
    private static var malformed: TokenGateError {
        TokenGateError(.malformedAuthorization, detail: "empty token or character outside token68")
    }

    /// The header's bytes, read in place: the scheme, the spaces and one or two non-empty
    /// tokens of token68 characters (both checked before either becomes a `String`).
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
        // A space (found with memchr) separates the two tokens.
        let first = Self.find(space: bytes, from: index, to: end)
        guard let first else {
            guard Self.isToken68(bytes, index, end) else { throw Self.malformed }
            return BearerCredentials(accessToken: String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self))
        }
        if let second = Self.find(space: bytes, from: first + 1, to: end) {
            // "a  b" has an empty token between the spaces; "a b c" has three.
            if second == first + 1 { throw Self.malformed }
            throw TokenGateError(.malformedAuthorization, detail: "more than two tokens")
        }
        // Neither token is empty here: spaces were skipped before the first and trimmed after
        // the second (the character check refuses "=" alone).
        guard Self.isToken68(bytes, index, first), Self.isToken68(bytes, first + 1, end) else { throw Self.malformed }
        return BearerCredentials(
            accessToken: String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<first]), as: UTF8.self),
            identityToken: String(decoding: UnsafeBufferPointer(rebasing: bytes[(first + 1)..<end]), as: UTF8.self)
        )
    }

    private static func find(space bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = bytes.baseAddress, let found = memchr(base + start, 0x20, end - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" (RFC 9110 §11.2).
    private static func isToken68(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var bodyEnd = end
        while bodyEnd > start, bytes[bodyEnd - 1] == UInt8(ascii: "=") { bodyEnd -= 1 }
        guard bodyEnd > start else { return false }
        // Every test is a select, not a branch, so the loop runs 16 or 32 bytes per step.
        var bad: UInt8 = 0
        for index in start..<bodyEnd {
            let byte = bytes[index]
            var ok: UInt8 = (byte | 0x20) &- UInt8(ascii: "a") < 26 ? 1 : 0
            ok |= byte &- UInt8(ascii: "0") < 10 ? 1 : 0
            ok |= byte &- UInt8(ascii: "-") < 2 ? 1 : 0  // "-" "."
            ok |= byte == UInt8(ascii: "_") ? 1 : 0
            ok |= byte == UInt8(ascii: "~") ? 1 : 0
            ok |= byte == UInt8(ascii: "+") ? 1 : 0
            ok |= byte == UInt8(ascii: "/") ? 1 : 0
            bad |= ok ^ 1
        }
        return bad == 0
    }
}
