import TokenGate

/// A user of the password grant. The password is kept only as a salted PBKDF2 hash.
struct LocalUser: Sendable {
    let id: String
    let email: String
    var name: String
    var passwordHash: String

    var stored: JSONValue {
        ["id": .string(self.id), "email": .string(self.email), "name": .string(self.name), "passwordHash": .string(self.passwordHash)]
    }

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

    init?(stored: JSONValue) {
        guard let id = stored["id"]?.stringValue, let email = stored["email"]?.stringValue, let name = stored["name"]?.stringValue,
            let hash = stored["passwordHash"]?.stringValue
        else { return nil }
        self.init(id: id, email: email, name: name, passwordHash: hash)
    }
}
