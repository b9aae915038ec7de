/// The members of a discovery document ``ProviderEndpoints`` reads: the client-side endpoints
/// and the client authentication methods (OpenID Connect Discovery 1.0 §3, RFC 8414).
struct DiscoveredEndpoints: DiscoveryDocument {
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
}
