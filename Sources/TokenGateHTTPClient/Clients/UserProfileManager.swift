public import AsyncHTTPClient
import NIOHTTP1
public import TokenGate

/// A user's profile: OpenID Connect UserInfo at the provider's UserInfo endpoint
/// (cross-checked against the identity token) and App ID's custom profile attributes (`<profilesUrl>/api/v1/attributes`), with the user's
/// access token.
///
/// ```swift
/// let profiles = UserProfileManager(credentials: credentials)   // HTTPClient.shared
/// let info = try await profiles.userInfo(accessToken: context.accessToken.raw, identityToken: context.identityToken)
/// try await profiles.setAttribute("theme", to: "dark", accessToken: context.accessToken.raw)
/// ```
public struct UserProfileManager: Sendable {
    /// The App ID credentials, when the manager was made from them (`profilesURL` for attributes).
    public let credentials: AppIDCredentials?
    /// The provider's UserInfo endpoint, if it has one.
    public let userInfoEndpoint: String?
    /// App ID's profiles URL (custom attributes), if any.
    public let profilesURL: String?
    let exchange: HTTPExchange

    /// Creates a manager for App ID.
    /// - Parameters:
    ///   - credentials: Needs `oauthServerURL`, and `profilesURL` for attributes.
    ///   - httpClient: Makes the calls (default: `HTTPClient.shared`); not shut down by the manager.
    ///   - deadline: Deadline of each call, the whole answer included (default 10 s).
    ///   - allowInsecureHTTP: Plain http to a non-loopback host; for development only (default off).
    public init(credentials: AppIDCredentials, httpClient: HTTPClient = .shared, deadline: Duration = .seconds(10), allowInsecureHTTP: Bool = false) {
        self.credentials = credentials
        self.userInfoEndpoint = ProviderEndpoints.appID(credentials).userInfo
        self.profilesURL = credentials.profilesURL
        self.exchange = HTTPExchange(client: httpClient, deadline: deadline, maximumBodySize: 256 * 1024, allowInsecureHTTP: allowInsecureHTTP)
    }

    /// Creates a manager for any OpenID Connect provider: UserInfo at the discovered
    /// `userinfo_endpoint` (attributes need App ID's `profilesURL`).
    /// - Parameters:
    ///   - endpoints: The provider's endpoints.
    ///   - profilesURL: App ID's profiles URL, for attributes (default none).
    ///   - httpClient: Makes the calls (default: `HTTPClient.shared`); not shut down by the manager.
    ///   - deadline: Deadline of each call, the whole answer included (default 10 s).
    ///   - allowInsecureHTTP: Plain http to a non-loopback host; for development only (default off).
    public init(
        endpoints: ProviderEndpoints,
        profilesURL: String? = nil,
        httpClient: HTTPClient = .shared,
        deadline: Duration = .seconds(10),
        allowInsecureHTTP: Bool = false
    ) {
        self.credentials = nil
        self.userInfoEndpoint = endpoints.userInfo
        self.profilesURL = profilesURL
        self.exchange = HTTPExchange(client: httpClient, deadline: deadline, maximumBodySize: 256 * 1024, allowInsecureHTTP: allowInsecureHTTP)
    }

    /// `GET` the UserInfo endpoint. With an identity token, the answer must describe the
    /// same subject: a different `sub` means the access token belongs to someone else (token
    /// substitution) and is refused.
    /// - Parameters:
    ///   - accessToken: The user's access token (with `openid`).
    ///   - identityToken: The user's verified identity token, to cross-check.
    /// - Returns: The claims (`sub`, `name`, `email`, …).
    /// - Throws: ``TokenClientError``; `.subjectMismatch`, `.unauthorized` for a refused token,
    ///   `.unsupportedByProvider` (no request made) when the provider has no UserInfo endpoint.
    public func userInfo(accessToken: String, identityToken: VerifiedToken? = nil) async throws(TokenClientError) -> [String: JSONValue] {
        guard let endpoint = self.userInfoEndpoint else {
            throw TokenClientError(.unsupportedByProvider, serverDescription: "the provider publishes no userinfo_endpoint")
        }
        let reply = try await self.call(.GET, endpoint, accessToken: accessToken)
        guard reply.status == 200 else { throw reply.failure() }
        let subject = try reply.decode(UserInfoSubject.self, what: "UserInfo answer").sub
        guard let object = try? JSONParser.parse(reply.body, maximumDepth: 16).objectValue else {
            throw TokenClientError(.invalidResponse, status: reply.status, serverDescription: "UserInfo is not a JSON object")
        }
        if let identityToken, identityToken.claims.subject != subject {
            throw TokenClientError(.subjectMismatch, status: reply.status, serverDescription: "UserInfo sub differs from the identity token's")
        }
        return object
    }

    /// All of the user's attributes. Each attribute call needs ``profilesURL`` (App ID's):
    /// without it, `.unsupportedByProvider` and no request.
    /// - Throws: ``TokenClientError``.
    public func attributes(accessToken: String) async throws(TokenClientError) -> [String: JSONValue] {
        let reply = try await self.call(.GET, try self.attributesURL(), accessToken: accessToken)
        guard reply.status == 200 else { throw reply.failure() }
        guard let object = try? JSONParser.parse(reply.body, maximumDepth: 16).objectValue else {
            throw TokenClientError(.invalidResponse, status: reply.status, serverDescription: "attributes are not a JSON object")
        }
        return object
    }

    /// One attribute.
    /// - Throws: ``TokenClientError``; `.notFound` when the user has no such attribute.
    public func attribute(_ name: String, accessToken: String) async throws(TokenClientError) -> JSONValue {
        let reply = try await self.call(.GET, try self.attributesURL() + "/" + PercentEncoding.encode(name), accessToken: accessToken)
        guard reply.status == 200 else { throw reply.failure() }
        guard let value = try? JSONParser.parse(reply.body, maximumDepth: 16) else {
            throw TokenClientError(.invalidResponse, status: reply.status, serverDescription: "the attribute is not JSON")
        }
        return value
    }

    /// Sets an attribute.
    /// - Throws: ``TokenClientError``.
    public func setAttribute(_ name: String, to value: JSONValue, accessToken: String) async throws(TokenClientError) {
        let reply = try await self.call(
            .PUT,
            try self.attributesURL() + "/" + PercentEncoding.encode(name),
            accessToken: accessToken,
            body: value.serializedBytes
        )
        guard (200..<300).contains(reply.status) else { throw reply.failure() }
    }

    /// Deletes an attribute.
    /// - Throws: ``TokenClientError``; `.notFound` when the user has no such attribute.
    public func deleteAttribute(_ name: String, accessToken: String) async throws(TokenClientError) {
        let reply = try await self.call(.DELETE, try self.attributesURL() + "/" + PercentEncoding.encode(name), accessToken: accessToken)
        guard (200..<300).contains(reply.status) else { throw reply.failure() }
    }

    private func attributesURL() throws(TokenClientError) -> String {
        guard let base = self.profilesURL else {
            throw TokenClientError(.unsupportedByProvider, serverDescription: "no profiles URL: attributes are App ID's")
        }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/api/v1/attributes"
    }

    private func call(_ method: HTTPMethod, _ url: String, accessToken: String, body: [UInt8]? = nil) async throws(TokenClientError)
        -> HTTPExchange.Reply
    {
        var headers = [("Authorization", "Bearer " + accessToken), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return try await self.exchange.send(method, url, headers: headers, body: body)
    }
}
