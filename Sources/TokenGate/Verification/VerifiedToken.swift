public import FoundationEssentials

/// A token whose signature and claims have been verified.
///
/// A value with one reference inside: copying it (into a request context, out of the
/// verified-token cache) costs one retain, whatever the token holds.
///
/// ```swift
/// struct Profile: Decodable { let sub: String; let email: String? }
/// let profile = try context.accessToken.claims(as: Profile.self)
/// ```
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
    /// The claims, as read during verification.
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
        let segments = self.raw.utf8.split(separator: UInt8(ascii: "."), maxSplits: 2, omittingEmptySubsequences: false)
        // The verifier decoded this segment, so it is present and base64url.
        guard segments.count == 3 else { return [] }
        return Base64URL.decode(segments[1]) ?? []
    }

    /// Decodes the claims into your own `Decodable` type, with Foundation's `JSONDecoder`.
    ///
    /// The claims were verified (signature, issuer, audience, times) and read by the strict
    /// parser first, so the payload has no duplicate names and is valid JSON.
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - decoder: The decoder (for its strategies); a default one otherwise.
    /// - Throws: ``TokenGateError`` `.malformedClaims`, with the `DecodingError` as `underlying`,
    ///   when the claims do not have the shape of `type`.
    public func claims<Claims: Decodable>(as type: Claims.Type, decoder: JSONDecoder = JSONDecoder()) throws(TokenGateError) -> Claims {
        do {
            return try decoder.decode(Claims.self, from: Data(self.payloadJSON))
        } catch {
            throw TokenGateError(.malformedClaims, detail: "claims do not decode as \(Claims.self)", underlying: error)
        }
    }
}
