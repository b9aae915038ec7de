/// The members of a discovery document the key-set cache reads: `issuer` and `jwks_uri`.
struct DiscoveredJWKSURI: DiscoveryDocument {
    /// The issuer the document speaks for.
    let issuer: String
    /// The key set's URL.
    let jwksURI: String?

    private enum CodingKeys: String, CodingKey {
        case issuer
        case jwksURI = "jwks_uri"
    }
}
