import Crypto

/// OpenID Connect's `at_hash` (Core §3.1.3.6, §3.2.2.9): the left half of the hash of the
/// access token's ASCII text, with the hash function of the identity token's `alg`,
/// base64url-encoded. It binds an identity token to the access token issued with it.
package enum AccessTokenHash {
    /// The `at_hash` value for `accessToken` signed along an identity token with `algorithm`.
    package static func value(of accessToken: String, algorithm: JWSAlgorithm) -> String {
        let bytes = Array(accessToken.utf8)
        let digest: [UInt8]
        switch algorithm {
        case .rs384, .ps384, .es384, .hs384: digest = Array(SHA384.hash(data: bytes))
        // EdDSA with Ed25519 hashes with SHA-512 (OpenID Connect Core errata set 2).
        case .rs512, .ps512, .es512, .hs512, .edDSA, .ed25519: digest = Array(SHA512.hash(data: bytes))
        default: digest = Array(SHA256.hash(data: bytes))
        }
        return Base64URL.encode(digest.prefix(digest.count / 2))
    }

    /// Whether `identity`'s `at_hash`, when present, matches `accessToken` (exact bytes).
    package static func matches(_ identity: VerifiedToken, accessToken: String) -> Bool {
        guard let claimed = identity.claims["at_hash"] else { return true }
        guard case .string(let value) = claimed else { return false }
        return value.hasSameUTF8(as: Self.value(of: accessToken, algorithm: identity.header.algorithm))
    }
}
