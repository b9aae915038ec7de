#if Hummingbird
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
@testable import TokenGate
import TokenGateLocalIssuer
import TokenGateTesting

/// A local issuer serving on 127.0.0.1 (a port chosen by the system unless given), an HTTP
/// client to call it, and a manual clock that starts at the real time (so tokens it mints are
/// also valid for code that reads the system clock).
struct IssuerHarness: Sendable {
    let issuer: LocalIssuer
    let baseURL: String
    let clock: ManualClock
    let client: HTTPClient
    let server: Task<Void, any Error>

    static let tenant = "tenant-a"
    static let adminToken = "admin-token-for-tests-0123456789"

    static func configuration(stateDirectory: String? = nil, port: Int = 0) -> LocalIssuer.Configuration {
        var configuration = LocalIssuer.Configuration()
        configuration.port = port
        configuration.tenantIDs = [tenant, "tenant-b"]
        configuration.adminToken = adminToken
        configuration.passwordHashRounds = 1_000
        configuration.stateDirectory = stateDirectory
        configuration.users = [.init(email: "testuser@test.com", password: "testuser", name: "Test User")]
        return configuration
    }

    static func start(
        _ configuration: LocalIssuer.Configuration = configuration(),
        clock: ManualClock = ManualClock(now: .now)
    ) async throws -> IssuerHarness {
        let issuer = try LocalIssuer(configuration: configuration, wallClock: clock)
        let server = Task { try await issuer.run() }
        let baseURL = try await withTimeout(seconds: 60) { try await issuer.waitUntilRunning() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(timeout: .init(connect: .seconds(2), read: .seconds(60))))
        return IssuerHarness(issuer: issuer, baseURL: baseURL, clock: clock, client: client, server: server)
    }

    func stop() async throws {
        try await self.client.shutdown()
        self.server.cancel()
        _ = await self.server.result
    }

    var oauth: String { "\(self.baseURL)/oauth/v4/\(Self.tenant)" }
    var management: String { "\(self.baseURL)/management/v4/\(Self.tenant)" }

    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]

        var json: JSONValue { (try? JSONParser.parse(self.body)) ?? .null }
        var text: String { String(decoding: self.body, as: UTF8.self) }
        subscript(name: String) -> String? { self.json[name]?.stringValue }
    }

    func request(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await self.client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }

    /// A management call with the admin token and a JSON body.
    func manage(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil, token: String? = adminToken) async throws -> Reply {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return try await self.request(method, self.management + path, headers: headers, body: body?.serializedBytes)
    }

    /// Registers an application through the management API.
    func register(_ name: String = "test-app", scopes: [String] = []) async throws -> AppIDCredentials {
        let reply = try await self.manage(.POST, "/applications", ["name": .string(name)])
        guard reply.status == 201 else { throw HarnessError("registration answered \(reply.status): \(reply.text)") }
        var credentials = try AppIDCredentials(json: reply.body)
        if !scopes.isEmpty {
            let scoped = try await self.manage(.PUT, "/applications/\(credentials.clientID)/scopes", ["scopes": .array(scopes.map(JSONValue.string))])
            guard scoped.status == 200 else { throw HarnessError("scopes answered \(scoped.status)") }
        }
        credentials.secret = credentials.secret ?? ""
        return credentials
    }

    static func basic(_ credentials: AppIDCredentials) -> (String, String) {
        ("Authorization", "Basic " + Base64.encode(Array("\(credentials.clientID):\(credentials.secret ?? "")".utf8)))
    }

    /// A token request with Basic client authentication and an urlencoded body.
    func token(_ credentials: AppIDCredentials, _ parameters: [(String, String)]) async throws -> Reply {
        let body = parameters.map { "\(PercentEncoding.encode($0.0, spaceAsPlus: true))=\(PercentEncoding.encode($0.1, spaceAsPlus: true))" }.joined(
            separator: "&"
        )
        return try await self.request(
            .POST,
            self.oauth + "/token",
            headers: [Self.basic(credentials), ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Array(body.utf8)
        )
    }

    /// The seed's `curl -F …` request: multipart/form-data, Basic client authentication.
    func multipartToken(_ credentials: AppIDCredentials, _ parameters: [(String, String)]) async throws -> Reply {
        let boundary = "------------------------d74496d66958873e"
        var body = ""
        for (name, value) in parameters {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)--\r\n"
        return try await self.request(
            .POST,
            self.oauth + "/token",
            headers: [Self.basic(credentials), ("Accept", "application/json"), ("Content-Type", "multipart/form-data; boundary=\(boundary)")],
            body: Array(body.utf8)
        )
    }

    /// A fresh, empty folder under the system's temporary folder.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "tokengate-issuer-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body`, failing after `seconds` (every wait in a test is bounded).
func withTimeout<T: Sendable>(seconds: Int, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw HarnessError("timed out after \(seconds) s")
        }
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
}
#endif
