import AsyncHTTPClient
import NIOHTTP1
public import TokenGate

/// The App ID Management API's applications: register one (and get its client ID and secret),
/// list, read, delete, set its scopes. Works against IBM Cloud App ID (with an IAM token) and
/// the local issuer (with its admin token).
///
/// ```swift
/// let management = ManagementClient(
///     managementURL: "https://us-south.appid.cloud.ibm.com/management/v4/\(tenantID)",
///     bearerToken: iamToken, fetcher: fetcher)
/// let credentials = try await management.registerApplication(name: "my-api")
/// let strategy = APIStrategy(issuer: .appID(credentials, fetcher: fetcher), configuration: .appID)
/// ```
public struct ManagementClient: Sendable {
    /// `<host>/management/v4/<tenantId>`.
    public let managementURL: String
    let bearerToken: String
    let exchange: HTTPExchange

    /// Creates a client.
    /// - Parameters:
    ///   - managementURL: `<host>/management/v4/<tenantId>` (a trailing `/` is ignored).
    ///   - bearerToken: An IAM token (IBM Cloud) or the local issuer's admin token.
    ///   - fetcher: Its HTTP client makes the calls (and its URL policy applies).
    ///   - deadline: Deadline of each call (default 10 s).
    public init(managementURL: String, bearerToken: String, fetcher: HTTPJWKSFetcher, deadline: Duration = .seconds(10)) {
        self.managementURL = managementURL.hasSuffix("/") ? String(managementURL.dropLast()) : managementURL
        self.bearerToken = bearerToken
        self.exchange = HTTPExchange(client: fetcher.client, deadline: deadline, maximumBodySize: 1024 * 1024, allowInsecureHTTP: fetcher.configuration.allowInsecureHTTP)
    }

    /// Registers an application.
    /// - Parameters:
    ///   - name: 1–50 characters.
    ///   - type: `regularwebapp`, `singlepageapp`, or `nil`.
    /// - Returns: Its credentials, with the secret.
    /// - Throws: ``TokenClientError``; `.invalidRequest` with the server's message for a bad name.
    public func registerApplication(name: String, type: String? = nil) async throws(TokenClientError) -> AppIDCredentials {
        var body: [String: JSONValue] = ["name": .string(name)]
        if let type { body["type"] = .string(type) }
        let reply = try await self.call(.POST, "/applications", body: .object(body))
        guard reply.status == 200 || reply.status == 201 else { throw reply.failure() }
        return try Self.credentials(reply.body, status: reply.status)
    }

    /// The tenant's applications (without secrets, as App ID lists them when asked by the
    /// local issuer; IBM Cloud App ID includes them).
    /// - Throws: ``TokenClientError``.
    public func applications() async throws(TokenClientError) -> [AppIDCredentials] {
        let reply = try await self.call(.GET, "/applications")
        guard reply.status == 200 else { throw reply.failure() }
        guard let list = reply.object?["applications"]?.arrayValue else {
            throw TokenClientError(.invalidResponse, status: reply.status, serverDescription: "no applications array")
        }
        var result: [AppIDCredentials] = []
        for item in list {
            guard let object = item.objectValue else { throw TokenClientError(.invalidResponse, status: reply.status, serverDescription: "an application is not an object") }
            do {
                result.append(try AppIDCredentials(object: object))
            } catch {
                throw TokenClientError(.invalidResponse, status: reply.status, tokenError: error)
            }
        }
        return result
    }

    /// One application.
    /// - Throws: ``TokenClientError``; `.notFound` for an unknown client ID.
    public func application(clientID: String) async throws(TokenClientError) -> AppIDCredentials {
        let reply = try await self.call(.GET, "/applications/" + PercentEncoding.encode(clientID))
        guard reply.status == 200 else { throw reply.failure() }
        return try Self.credentials(reply.body, status: reply.status)
    }

    /// Deletes an application.
    /// - Throws: ``TokenClientError``; `.notFound` for an unknown client ID.
    public func deleteApplication(clientID: String) async throws(TokenClientError) {
        let reply = try await self.call(.DELETE, "/applications/" + PercentEncoding.encode(clientID))
        guard reply.status == 200 || reply.status == 204 else { throw reply.failure() }
    }

    /// Replaces the scopes an application's tokens may carry.
    /// - Returns: The scopes as stored.
    /// - Throws: ``TokenClientError``.
    public func setScopes(_ scopes: [String], clientID: String) async throws(TokenClientError) -> [String] {
        let reply = try await self.call(.PUT, "/applications/\(PercentEncoding.encode(clientID))/scopes", body: ["scopes": .array(scopes.map(JSONValue.string))])
        guard reply.status == 200 else { throw reply.failure() }
        return reply.object?["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? scopes
    }

    private func call(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws(TokenClientError) -> HTTPExchange.Reply {
        var headers = [("Authorization", "Bearer " + self.bearerToken), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return try await self.exchange.send(method, self.managementURL + path, headers: headers, body: body?.serializedBytes)
    }

    private static func credentials(_ body: [UInt8], status: Int) throws(TokenClientError) -> AppIDCredentials {
        do {
            return try AppIDCredentials(json: body)
        } catch {
            throw TokenClientError(.invalidResponse, status: status, tokenError: error)
        }
    }
}
