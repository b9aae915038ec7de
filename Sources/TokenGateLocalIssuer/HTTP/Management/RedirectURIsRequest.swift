/// The body of `PUT config/redirect_uris`: `{"redirectUris":[…]}`.
struct RedirectURIsRequest: Decodable {
    /// The redirect URIs the authorization endpoint accepts.
    let redirectURIs: [String]

    private enum CodingKeys: String, CodingKey {
        case redirectURIs = "redirectUris"
    }
}
