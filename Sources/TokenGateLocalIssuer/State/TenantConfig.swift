/// A tenant's `config.json`: `{"version":1,"redirectUris":[…],"customIdentityKey":…}` (the key
/// only when configured).
struct TenantConfig: Codable {
    /// The format version.
    var version: Int
    /// The redirect URIs the authorization endpoint accepts.
    var redirectURIs: [String]
    /// The PEM public key that signs custom-identity assertions.
    var customIdentityKey: String?

    private enum CodingKeys: String, CodingKey {
        case version, customIdentityKey
        case redirectURIs = "redirectUris"
    }

    init(redirectURIs: [String], customIdentityKey: String?) {
        self.version = 1
        self.redirectURIs = redirectURIs
        self.customIdentityKey = customIdentityKey
    }
}
