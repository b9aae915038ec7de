import TokenGate

/// A user of the password grant. The password is kept only as a salted PBKDF2 hash. Stored
/// as `id`, `email`, `name`, `passwordHash`.
struct LocalUser: Sendable, Codable {
    let id: String
    let email: String
    var name: String
    var passwordHash: String

    /// The public view (never the hash).
    var publicJSON: JSONValue {
        ["id": .string(self.id), "email": .string(self.email), "name": .string(self.name)]
    }

    init(id: String, email: String, name: String, passwordHash: String) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
    }
}
