public import AsyncHTTPClient
import NIOHTTP1
public import TokenGate

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The App ID Management API's applications: register one (and get its client ID and secret),
/// list, read, delete, set its scopes. Works against IBM Cloud App ID (with an IAM token) and
/// the local issuer (with its admin token).
///
/// ```swift
/// let management = ManagementClient(
///     managementURL: "https://us-south.appid.cloud.ibm.com/management/v4/\(tenantID)",
///     bearerToken: iamToken)
/// let credentials = try await management.registerApplication(name: "my-api")
/// let strategy = APIStrategy(issuer: .appID(credentials, fetcher: HTTPJWKSFetcher()), configuration: .appID)
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
    ///   - httpClient: Makes the calls (default: `HTTPClient.shared`); not shut down by this client.
    ///   - deadline: Deadline of each call, the whole answer included (default 10 s).
    ///   - allowInsecureHTTP: Plain http to a non-loopback host; for development only (default off).
    public init(
        managementURL: String,
        bearerToken: String,
        httpClient: HTTPClient = .shared,
        deadline: Duration = .seconds(10),
        allowInsecureHTTP: Bool = false
    ) {
        self.managementURL = managementURL.hasSuffix("/") ? String(managementURL.dropLast()) : managementURL
        self.bearerToken = bearerToken
        self.exchange = HTTPExchange(client: httpClient, deadline: deadline, maximumBodySize: 1024 * 1024, allowInsecureHTTP: allowInsecureHTTP)
    }

    /// Registers an application.
    /// - Parameters:
    ///   - name: 1–50 characters.
    ///   - type: `regularwebapp`, `singlepageapp`, or `nil`.
    /// - Returns: Its credentials, with the secret.
    /// - Throws: ``TokenClientError``; `.invalidRequest` with the server's message for a bad name.
    public func registerApplication(name: String, type: String? = nil) async throws(TokenClientError) -> AppIDCredentials {
        let reply = try await self.call(.POST, "/applications", body: Registration(name: name, type: type))
        guard reply.status == 200 || reply.status == 201 else { throw reply.failure() }
        return try reply.decode(AppIDCredentials.self, what: "application")
    }

    /// The tenant's applications (without secrets, as App ID lists them when asked by the
    /// local issuer; IBM Cloud App ID includes them).
    /// - Throws: ``TokenClientError``.
    public func applications() async throws(TokenClientError) -> [AppIDCredentials] {
        let reply = try await self.call(.GET, "/applications")
        guard reply.status == 200 else { throw reply.failure() }
        return try reply.decode(Applications.self, what: "application list").applications
    }

    /// One application.
    /// - Throws: ``TokenClientError``; `.notFound` for an unknown client ID.
    public func application(clientID: String) async throws(TokenClientError) -> AppIDCredentials {
        let reply = try await self.call(.GET, "/applications/" + PercentEncoding.encode(clientID))
        guard reply.status == 200 else { throw reply.failure() }
        return try reply.decode(AppIDCredentials.self, what: "application")
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
        let reply = try await self.call(.PUT, "/applications/\(PercentEncoding.encode(clientID))/scopes", body: Scopes(scopes: scopes))
        guard reply.status == 200 else { throw reply.failure() }
        guard !reply.body.isEmpty else { return scopes }
        return try reply.decode(Scopes.self, what: "scopes answer").scopes
    }

    private func call(_ method: HTTPMethod, _ path: String, body: some Encodable) async throws(TokenClientError) -> HTTPExchange.Reply {
        try await self.call(method, path, bytes: try Self.encode(body))
    }

    private func call(_ method: HTTPMethod, _ path: String, bytes: [UInt8]? = nil) async throws(TokenClientError) -> HTTPExchange.Reply {
        var headers = [("Authorization", "Bearer " + self.bearerToken), ("Accept", "application/json")]
        if bytes != nil { headers.append(("Content-Type", "application/json")) }
        return try await self.exchange.send(method, self.managementURL + path, headers: headers, body: bytes)
    }

    private static func encode(_ body: some Encodable) throws(TokenClientError) -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(body))
        } catch {
            throw TokenClientError(.invalidRequest, serverDescription: "the request body could not be encoded", underlying: error)
        }
    }
}
