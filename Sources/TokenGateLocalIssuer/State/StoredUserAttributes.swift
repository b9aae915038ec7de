import TokenGate

/// An entry of `attributes.json`: `{"userId":…,"attributes":{<name>: <any JSON>}}`.
struct StoredUserAttributes: Codable {
    /// The user's id.
    let userID: String
    /// The user's profile attributes.
    let attributes: [String: StoredJSONValue]

    private enum CodingKeys: String, CodingKey {
        case userID = "userId"
        case attributes
    }

    init(userID: String, attributes: [String: JSONValue]) {
        self.userID = userID
        self.attributes = attributes.mapValues(StoredJSONValue.init)
    }
}
