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
public struct AppIDCredentials: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
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
    /// service key's), or as `appidServiceEndpoint` + `version` (see ``init(from:)``).
    /// - Parameter json: The UTF-8 JSON text.
    /// - Throws: ``TokenGateError`` `.invalidConfiguration` naming the missing or mistyped field.
    public init(json: [UInt8]) throws(TokenGateError) {
        do {
            self = try JSONDocument.decode(AppIDCredentials.self, from: json)
        } catch {
            throw TokenGateError(.invalidConfiguration, detail: "credentials: \(error.description)")
        }
    }

    /// Reads credentials from a decoded JSON object (see ``init(json:)``).
    /// - Throws: ``TokenGateError`` `.invalidConfiguration` naming the missing or mistyped field.
    public init(object: [String: JSONValue]) throws(TokenGateError) {
        try self.init(json: JSONValue.object(object).serializedBytes)
    }

    /// Reads the credentials of the first App ID service bound in a Cloud Foundry or Code Engine
    /// `VCAP_SERVICES` value: the first service whose name starts with `AppID` or
    /// `AdvancedMobileAccess`, its first instance's `credentials`.
    /// - Parameter vcapServices: The environment variable's value.
    /// - Throws: ``TokenGateError`` `.invalidConfiguration` when no App ID service is bound or
    ///   its credentials are incomplete, naming the field at fault.
    public init(vcapServices: String) throws(TokenGateError) {
        let services: VCAPServices
        do {
            services = try JSONDocument.decode(VCAPServices.self, from: Array(vcapServices.utf8))
        } catch {
            throw TokenGateError(.invalidConfiguration, detail: "VCAP_SERVICES: \(error.description)")
        }
        guard let binding = services.appID else {
            throw TokenGateError(.invalidConfiguration, detail: "VCAP_SERVICES binds no App ID service")
        }
        guard let credentials = binding.credentials else {
            throw TokenGateError(.invalidConfiguration, detail: "VCAP_SERVICES \(binding.name) has no credentials")
        }
        self = credentials
    }

    /// The Management API's JSON shape (`oAuthServerUrl` with a capital A); absent fields are
    /// omitted. The same members as ``encode(to:)``.
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

    /// The client ID, tenant and OAuth server URL, with the secret hidden (also for `dump`).
    public var description: String {
        "AppIDCredentials(clientID: \(self.clientID), tenantID: \(self.tenantID), oauthServerURL: \(self.oauthServerURL), secret: \(self.secret == nil ? "none" : "hidden"))"
    }

    /// Every member but the secret, which shows as hidden: reflection (`dump`, `Mirror`) never
    /// shows it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "clientID": self.clientID, "tenantID": self.tenantID, "secret": self.secret == nil ? "none" : "hidden", "name": self.name as Any,
                "oauthServerURL": self.oauthServerURL, "profilesURL": self.profilesURL as Any, "discoveryEndpoint": self.discoveryEndpoint as Any,
                "type": self.type as Any,
            ]
        )
    }
}
