/// The members of an OpenID Connect discovery document the key-set cache reads: `issuer` (which
/// must be the configured issuer, byte for byte) and `jwks_uri`. Others are not read.
///
/// Read with `JSONDecoder` (see ``JSONDocument``), which does not refuse a repeated member name:
/// the document comes over TLS from the configured provider, and its key set is read by the
/// strict parser.
struct DiscoveryDocument: Decodable {
    /// The issuer the document speaks for.
    let issuer: String
    /// The key set's URL.
    let jwksURI: String

    private enum CodingKeys: String, CodingKey {
        case issuer
        case jwksURI = "jwks_uri"
    }
}
