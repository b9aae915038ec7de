/// `admin.json`: `{"version":1,"tokenDigest":"<base64url SHA-256 of the admin token>"}`.
struct AdminRecord: Codable {
    /// The format version.
    var version: Int
    /// The base64url SHA-256 digest of the admin token.
    var tokenDigest: String

    init(tokenDigest: String) {
        self.version = 1
        self.tokenDigest = tokenDigest
    }
}
