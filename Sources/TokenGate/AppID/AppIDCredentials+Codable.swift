extension AppIDCredentials: Codable {
    private enum CodingKeys: String, CodingKey {
        case clientID = "clientId"
        case tenantID = "tenantId"
        case secret
        case name
        case oauthServerURL = "oAuthServerUrl"
        case serviceKeyServerURL = "oauthServerUrl"
        case serviceEndpoint = "appidServiceEndpoint"
        case version
        case profilesURL = "profilesUrl"
        case discoveryEndpoint
        case type
    }

    /// Reads the Management API's shape or a service key's: `clientId` and `tenantId` (non-empty
    /// strings), the OAuth server URL as `oAuthServerUrl`, `oauthServerUrl`, or
    /// `appidServiceEndpoint` plus `version` (a string or a number); `secret`, `name`,
    /// `profilesUrl`, `discoveryEndpoint` and `type` when present. A `null` counts as absent.
    /// - Throws: `DecodingError` naming the missing or mistyped field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func required(_ key: CodingKeys) throws -> String {
            guard let value = try container.decodeIfPresent(String.self, forKey: key), !value.isEmpty else {
                throw DecodingError.keyNotFound(key, .init(codingPath: container.codingPath, debugDescription: "missing or empty"))
            }
            return value
        }
        let clientID = try required(.clientID)
        let tenantID = try required(.tenantID)
        var serverURL = try container.decodeIfPresent(String.self, forKey: .oauthServerURL)
        if serverURL == nil { serverURL = try container.decodeIfPresent(String.self, forKey: .serviceKeyServerURL) }
        var profilesURL = try container.decodeIfPresent(String.self, forKey: .profilesURL)
        if serverURL == nil, let endpoint = try container.decodeIfPresent(String.self, forKey: .serviceEndpoint) {
            let version: String
            if let number = try? container.decodeIfPresent(Int.self, forKey: .version) {
                version = String(number)
            } else if let text = try? container.decodeIfPresent(String.self, forKey: .version) {
                version = text
            } else {
                throw DecodingError.keyNotFound(
                    CodingKeys.version,
                    .init(codingPath: container.codingPath, debugDescription: "a string or an integer")
                )
            }
            let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
            serverURL = "\(base)/oauth/v\(version)/\(tenantID)"
            profilesURL = profilesURL ?? base
        }
        guard let serverURL, !serverURL.isEmpty else {
            throw DecodingError.keyNotFound(CodingKeys.oauthServerURL, .init(codingPath: container.codingPath, debugDescription: "missing or empty"))
        }
        self.init(
            clientID: clientID,
            tenantID: tenantID,
            oauthServerURL: serverURL,
            secret: try container.decodeIfPresent(String.self, forKey: .secret),
            name: try container.decodeIfPresent(String.self, forKey: .name),
            profilesURL: profilesURL,
            discoveryEndpoint: try container.decodeIfPresent(String.self, forKey: .discoveryEndpoint),
            type: try container.decodeIfPresent(String.self, forKey: .type)
        )
    }

    /// Writes the Management API's shape (`oAuthServerUrl` with a capital A); absent fields are
    /// omitted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.clientID, forKey: .clientID)
        try container.encode(self.tenantID, forKey: .tenantID)
        try container.encode(self.oauthServerURL, forKey: .oauthServerURL)
        try container.encodeIfPresent(self.secret, forKey: .secret)
        try container.encodeIfPresent(self.name, forKey: .name)
        try container.encodeIfPresent(self.profilesURL, forKey: .profilesURL)
        try container.encodeIfPresent(self.discoveryEndpoint, forKey: .discoveryEndpoint)
        try container.encodeIfPresent(self.type, forKey: .type)
    }
}
