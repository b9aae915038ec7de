public import TokenGate

extension TestSigningKey {
    /// The JWKS document (`{"keys": [...]}`) publishing the public halves of `keys`.
    public static func jwksJSON(_ keys: [TestSigningKey], includeAlgorithm: Bool = true) -> String {
        JSONValue.object(["keys": .array(keys.map { .object($0.publicJWK(includeAlgorithm: includeAlgorithm)) })]).serialized
    }

    /// The parsed ``KeySet`` for `keys`, as a verifier would build it from ``jwksJSON(_:includeAlgorithm:)``.
    /// - Throws: ``TokenGateError`` when the document cannot be parsed.
    public static func keySet(_ keys: [TestSigningKey], includeAlgorithm: Bool = true) throws -> KeySet {
        try KeySet(jwksJSON: jwksJSON(keys, includeAlgorithm: includeAlgorithm))
    }
}
