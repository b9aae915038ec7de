/// An OpenID Connect discovery document (OpenID Connect Discovery 1.0 §3, RFC 8414) as this
/// package reads it: the key-set cache takes `jwks_uri` from it, ``ProviderEndpoints`` the
/// client-side endpoints. Both read it through ``read(_:issuer:)``, which requires the
/// document's `issuer` to be the configured issuer byte for byte (§4.3).
///
/// Read with `JSONDecoder` (see ``JSONDocument``), which does not refuse a repeated member name:
/// the document comes over TLS from the configured provider, and its key set is read by the
/// strict parser.
struct DiscoveryDocument: Decodable {
    /// The issuer the document speaks for.
    let issuer: String
    let authorizationEndpoint: String?
    let tokenEndpoint: String?
    let userinfoEndpoint: String?
    /// The key set's URL.
    let jwksURI: String?
    let revocationEndpoint: String?
    let introspectionEndpoint: String?
    let endSessionEndpoint: String?
    let tokenEndpointAuthMethodsSupported: [String]?

    private enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case userinfoEndpoint = "userinfo_endpoint"
        case jwksURI = "jwks_uri"
        case revocationEndpoint = "revocation_endpoint"
        case introspectionEndpoint = "introspection_endpoint"
        case endSessionEndpoint = "end_session_endpoint"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
    }

    /// Decodes `bytes` and checks that the document speaks for `issuer`.
    /// - Throws: ``TokenGateError`` `.discoveryMismatch`: not JSON, a missing or mistyped
    ///   member, or another issuer.
    static func read(_ bytes: some Collection<UInt8>, issuer: String) throws(TokenGateError) -> DiscoveryDocument {
        let document: DiscoveryDocument
        do {
            document = try JSONDocument.decode(DiscoveryDocument.self, from: bytes)
        } catch {
            throw TokenGateError(.discoveryMismatch, detail: "discovery document \(error.description)")
        }
        guard document.issuer.hasSameUTF8(as: issuer) else {
            throw TokenGateError(.discoveryMismatch, detail: "discovery document names another issuer")
        }
        return document
    }
}
