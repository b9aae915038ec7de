/// An OpenID Connect discovery document (OpenID Connect Discovery 1.0 §3, RFC 8414) as one
/// reader of this package needs it: each decodes only the members it uses, so a member it does
/// not use cannot stop it (the key-set cache reads `issuer` and `jwks_uri`,
/// ``DiscoveredJWKSURI``; ``ProviderEndpoints`` the client-side endpoints,
/// ``DiscoveredEndpoints``). Both read it through ``read(_:issuer:)``, which requires the
/// document's `issuer` to be the configured issuer byte for byte (§4.3).
///
/// Read with `JSONDecoder` (see ``JSONDocument``), which does not refuse a repeated member name:
/// the document comes over TLS from the configured provider, and its key set is read by the
/// strict parser.
protocol DiscoveryDocument: Decodable {
    /// The issuer the document speaks for.
    var issuer: String { get }
}

extension DiscoveryDocument {
    /// Decodes `bytes` and checks that the document speaks for `issuer`.
    /// - Throws: ``TokenGateError`` `.discoveryMismatch`: not JSON, a missing or mistyped
    ///   member this reader uses, or another issuer.
    static func read(_ bytes: some Collection<UInt8>, issuer: String) throws(TokenGateError) -> Self {
        let document: Self
        do {
            document = try JSONDocument.decode(Self.self, from: bytes)
        } catch {
            throw TokenGateError(.discoveryMismatch, detail: "discovery document \(error.description)")
        }
        guard document.issuer.hasSameUTF8(as: issuer) else {
            throw TokenGateError(.discoveryMismatch, detail: "discovery document names another issuer")
        }
        return document
    }
}
