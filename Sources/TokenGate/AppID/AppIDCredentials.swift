/// An IBM Cloud App ID application's credentials: what the Management API returns when an
/// application is registered, what `VCAP_SERVICES` carries, and what the local issuer hands
/// out. One value configures both sides: ``TokenVerifier/Configuration/appID(_:)`` (and so
/// `APIStrategy`) and the token client.
///
/// ```swift
/// let credentials = try AppIDCredentials(json: registrationResponseBody)
/// let issuer = IssuerVerifier.appID(credentials, fetcher: HTTPJWKSFetcher())
/// let strategy = APIStrategy(issuer: issuer, configuration: .appID)
/// ```
public struct AppIDCredentials: Sendable, Hashable {
    /// The application's client ID (the `aud` of its tokens).
    public var clientID: String
    /// The App ID instance (the `tenant` claim).
    public var tenantID: String
    /// The client secret, when known (a listing never shows it).
    public var secret: String?
    /// The application's name.
    public var name: String?
    /// `https://<region>.appid.cloud.ibm.com/oauth/v4/<tenantId>`: the issuer (`iss`), with
    /// `/token`, `/publickeys` and the other OAuth endpoints below it.
    public var oauthServerURL: String
    /// The base URL of the profiles API (`/api/v1/attributes`).
    public var profilesURL: String?
    /// The OpenID Connect discovery document's URL.
    public var discoveryEndpoint: String?
    /// `regularwebapp` or `singlepageapp`, when set.
    public var type: String?

    /// Creates credentials.
    /// - Parameters:
    ///   - clientID: The client ID.
    ///   - tenantID: The tenant ID.
    ///   - oauthServerURL: The OAuth server URL (a trailing `/` is removed).
    ///   - secret: The client secret.
    ///   - name: The application's name.
    ///   - profilesURL: The profiles API base URL.
    ///   - discoveryEndpoint: The discovery document URL (default: derived from `oauthServerURL`).
    ///   - type: The application type.
    public init(
        clientID: String,
        tenantID: String,
        oauthServerURL: String,
        secret: String? = nil,
        name: String? = nil,
        profilesURL: String? = nil,
        discoveryEndpoint: String? = nil,
        type: String? = nil
    ) {
        let trimmed = oauthServerURL.hasSuffix("/") ? String(oauthServerURL.dropLast()) : oauthServerURL
        self.clientID = clientID
        self.tenantID = tenantID
        self.oauthServerURL = trimmed
        self.secret = secret
        self.name = name
        self.profilesURL = profilesURL
        self.discoveryEndpoint = discoveryEndpoint ?? trimmed + "/.well-known/openid-configuration"
        self.type = type
    }

    /// Reads a Management API response or a service key: `clientId`, `tenantId`, and the OAuth
    /// server URL as `oAuthServerUrl` (the Management API's spelling) or `oauthServerUrl` (the
    /// service key's), or as `appidServiceEndpoint` + `version`.
    /// - Parameter json: The UTF-8 JSON text.
    /// - Throws: ``TokenGateError`` `.invalidConfiguration` naming the missing or mistyped field.
    public init(json: [UInt8]) throws(TokenGateError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(json, maximumDepth: 16)
        } catch {
            throw TokenGateError(.invalidConfiguration, detail: "credentials are not JSON", underlying: error)
        }
        guard let object = value.objectValue else {
            throw TokenGateError(.invalidConfiguration, detail: "credentials are not a JSON object")
        }
        try self.init(object: object)
    }

    /// Reads credentials from a decoded JSON object (see ``init(json:)``).
    /// - Throws: ``TokenGateError`` `.invalidConfiguration` naming the missing or mistyped field.
    public init(object: [String: JSONValue]) throws(TokenGateError) {
        func string(_ name: String) throws(TokenGateError) -> String? {
            guard let value = object[name], value != .null else { return nil }
            guard let text = value.stringValue else {
                throw TokenGateError(.invalidConfiguration, detail: "credentials field \(name) is not a string")
            }
            return text
        }
        guard let clientID = try string("clientId"), !clientID.isEmpty else {
            throw TokenGateError(.invalidConfiguration, detail: "credentials lack clientId")
        }
        guard let tenantID = try string("tenantId"), !tenantID.isEmpty else {
            throw TokenGateError(.invalidConfiguration, detail: "credentials lack tenantId")
        }
        var serverURL = try string("oAuthServerUrl")
        if serverURL == nil { serverURL = try string("oauthServerUrl") }
        var profilesURL = try string("profilesUrl")
        if serverURL == nil, let endpoint = try string("appidServiceEndpoint") {
            let version: String
            switch object["version"] {
            case .string(let text)?: version = text
            case .number(let number)?: version = number.literal
            default: throw TokenGateError(.invalidConfiguration, detail: "credentials have appidServiceEndpoint but no version")
            }
            let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
            serverURL = "\(base)/oauth/v\(version)/\(tenantID)"
            profilesURL = profilesURL ?? base
        }
        guard let serverURL, !serverURL.isEmpty else {
            throw TokenGateError(.invalidConfiguration, detail: "credentials lack oAuthServerUrl")
        }
        self.init(
            clientID: clientID,
            tenantID: tenantID,
            oauthServerURL: serverURL,
            secret: try string("secret"),
            name: try string("name"),
            profilesURL: profilesURL,
            discoveryEndpoint: try string("discoveryEndpoint"),
            type: try string("type")
        )
    }

    /// Reads the credentials of the first App ID service bound in a Cloud Foundry or Code Engine
    /// `VCAP_SERVICES` value: the first service whose name starts with `AppID` or
    /// `AdvancedMobileAccess`, its first instance's `credentials`.
    /// - Parameter vcapServices: The environment variable's value.
    /// - Throws: ``TokenGateError`` `.invalidConfiguration` when no App ID service is bound or
    ///   its credentials are incomplete.
    public init(vcapServices: String) throws(TokenGateError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(vcapServices.utf8), maximumDepth: 32)
        } catch {
            throw TokenGateError(.invalidConfiguration, detail: "VCAP_SERVICES is not JSON", underlying: error)
        }
        guard let services = value.objectValue else {
            throw TokenGateError(.invalidConfiguration, detail: "VCAP_SERVICES is not a JSON object")
        }
        for name in services.keys.sorted() where name.hasPrefix("AppID") || name.hasPrefix("AdvancedMobileAccess") {
            guard let credentials = services[name]?.arrayValue?.first?["credentials"]?.objectValue else {
                throw TokenGateError(.invalidConfiguration, detail: "VCAP_SERVICES \(name) has no credentials")
            }
            try self.init(object: credentials)
            return
        }
        throw TokenGateError(.invalidConfiguration, detail: "VCAP_SERVICES binds no App ID service")
    }

    /// The Management API's JSON shape (`oAuthServerUrl` with a capital A); absent fields are omitted.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "clientId": .string(self.clientID),
            "tenantId": .string(self.tenantID),
            "oAuthServerUrl": .string(self.oauthServerURL),
        ]
        if let secret { object["secret"] = .string(secret) }
        if let name { object["name"] = .string(name) }
        if let profilesURL { object["profilesUrl"] = .string(profilesURL) }
        if let discoveryEndpoint { object["discoveryEndpoint"] = .string(discoveryEndpoint) }
        if let type { object["type"] = .string(type) }
        return .object(object)
    }

    /// `Basic base64(clientId:secret)`: the `Authorization` value App ID's token, introspection
    /// and revocation endpoints expect.
    public var basicAuthorization: String {
        "Basic " + Base64.encode(Array("\(self.clientID):\(self.secret ?? "")".utf8))
    }

    /// The token endpoint, `<oauthServerURL>/token`.
    public var tokenEndpoint: String { self.oauthServerURL + "/token" }
}
