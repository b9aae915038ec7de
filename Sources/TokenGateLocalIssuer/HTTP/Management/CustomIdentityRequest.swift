/// The body of `PUT config/idps/custom`: `{"isActive":true,"config":{"publicKey":"<PEM>"}}`.
struct CustomIdentityRequest: Decodable {
    /// The provider's configuration.
    struct Config: Decodable {
        /// The PEM public key that signs assertions.
        let publicKey: String?
    }

    /// Whether custom identity is on (default: off).
    let isActive: Bool?
    /// The configuration, required when active.
    let config: Config?
}
