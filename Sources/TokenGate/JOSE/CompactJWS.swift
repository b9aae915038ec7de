/// Writes compact JWS serializations (RFC 7515 §7.1) for the package's signers: the local
/// issuer's tokens, `private_key_jwt` client assertions and the test keys' tokens.
package enum CompactJWS {
    /// `base64url(header).base64url(payload).base64url(signature)`, where `sign` signs the
    /// first two parts as ASCII bytes.
    /// - Parameters:
    ///   - header: The protected header's bytes (JSON).
    ///   - payload: The payload's bytes.
    ///   - sign: Makes the JWS signature of the signing input.
    /// - Throws: What `sign` throws.
    package static func serialize<Failure: Error>(
        header: [UInt8],
        payload: [UInt8],
        sign: ([UInt8]) throws(Failure) -> [UInt8]
    ) throws(Failure) -> String {
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        return signingInput + "." + Base64URL.encode(try sign(Array(signingInput.utf8)))
    }
}
