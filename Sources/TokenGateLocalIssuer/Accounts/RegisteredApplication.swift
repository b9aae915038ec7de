import TokenGate

/// An application registered with the local issuer. Its secret is kept only as a SHA-256
/// digest: it is shown once, in the registration response.
struct RegisteredApplication: Sendable {
    let clientID: String
    var name: String
    var type: String?
    var scopes: [String]
    let secretDigest: [UInt8]

    var stored: JSONValue {
        var object: [String: JSONValue] = [
            "clientId": .string(self.clientID),
            "name": .string(self.name),
            "scopes": .array(self.scopes.map(JSONValue.string)),
            "secretDigest": .string(Base64URL.encode(self.secretDigest)),
        ]
        if let type { object["type"] = .string(type) }
        return .object(object)
    }

    init(clientID: String, name: String, type: String?, scopes: [String], secretDigest: [UInt8]) {
        self.clientID = clientID
        self.name = name
        self.type = type
        self.scopes = scopes
        self.secretDigest = secretDigest
    }

    init?(stored: JSONValue) {
        guard let clientID = stored["clientId"]?.stringValue, let name = stored["name"]?.stringValue,
            let digest = stored["secretDigest"]?.stringValue.flatMap({ Base64URL.decode($0) }), digest.count == 32,
            let scopes = stored["scopes"]?.arrayValue
        else { return nil }
        self.init(clientID: clientID, name: name, type: stored["type"]?.stringValue, scopes: scopes.compactMap(\.stringValue), secretDigest: digest)
    }

    /// Whether `secret` is this application's secret (constant-time).
    func accepts(secret: String) -> Bool {
        constantTimeEqual(TokenGateLocalIssuer.secretDigest(secret), self.secretDigest)
    }
}
