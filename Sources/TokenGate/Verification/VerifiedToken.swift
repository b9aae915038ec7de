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
        /// The verifier's ``TokenVerifier/Configuration/scopeClaims``.
        let scopeClaims: [String]
        /// The verifier's ``TokenVerifier/Configuration/roleClaims``.
        let roleClaims: [ClaimPath]

        init(raw: String, header: JOSEHeader, claims: JWTClaims, scopeClaims: [String], roleClaims: [ClaimPath]) {
            self.raw = raw
            self.header = header
            self.claims = claims
            self.scopeClaims = scopeClaims
            self.roleClaims = roleClaims
        }
    }

    private let storage: Storage

    /// The token exactly as received.
    public var raw: String { self.storage.raw }
    /// The protected header.
    public var header: JOSEHeader { self.storage.header }
    /// The claims, as read during verification.
    public var claims: JWTClaims { self.storage.claims }

    /// The scopes, from the claims the verifier reads them from
    /// (``TokenVerifier/Configuration/scopeClaims``: `scope` and `scp` by default, each a
    /// space-separated string or an array of strings), each once (built on each access;
    /// ``hasScope(_:)`` checks one without building the list).
    public var scopes: [String] { self.claims.scopes(in: self.storage.scopeClaims) }
    /// The roles, groups and permissions at the verifier's
    /// ``TokenVerifier/Configuration/roleClaims`` (none by default), each once (built on each
    /// access; ``hasRole(_:)`` checks one without building the list).
    public var roles: [String] { self.claims.strings(at: self.storage.roleClaims) }

    /// Creates a verified token; only the verifier does this.
    package init(raw: String, header: JOSEHeader, claims: JWTClaims, scopeClaims: [String], roleClaims: [ClaimPath]) {
        self.storage = Storage(raw: raw, header: header, claims: claims, scopeClaims: scopeClaims, roleClaims: roleClaims)
    }

    /// Whether `scope` is one of ``scopes`` (exact bytes).
    public func hasScope(_ scope: String) -> Bool { self.claims.hasScope(scope, in: self.storage.scopeClaims) }
    /// Whether `role` is one of ``roles`` (exact bytes).
    public func hasRole(_ role: String) -> Bool {
        self.storage.roleClaims.contains { self.claims.contains(role, at: $0) }
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
