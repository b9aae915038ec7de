import Foundation
import NIOHTTP1
import Testing
import TokenGate

@testable import TokenGateHTTPClient

/// What the token client reports when a provider does not answer with RFC 6749 JSON: each
/// case a fixed code, the status, and a description saying what came back instead.
@Suite("Provider error bodies", .bug(id: 19))
struct ProviderErrorBodyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let status: HTTPResponseStatus
        let contentType: String?
        let body: String
        let code: TokenClientError.Code
        let serverError: String?
        let description: String?

        var testDescription: String { self.name }
    }

    static let cases: [Case] = [
        Case(
            name: "empty 401",
            status: .unauthorized,
            contentType: nil,
            body: "",
            code: .invalidClient,
            serverError: nil,
            description: "an empty answer"
        ),
        Case(
            name: "empty 403",
            status: .forbidden,
            contentType: nil,
            body: "",
            code: .invalidClient,
            serverError: nil,
            description: "an empty answer"
        ),
        Case(
            name: "HTML 400",
            status: .badRequest,
            contentType: "text/html; charset=utf-8",
            body: "<html><body><h1>Bad Request</h1></body></html>",
            code: .invalidRequest,
            serverError: nil,
            description: "not an OAuth error answer (text/html; charset=utf-8, 46 bytes)"
        ),
        Case(
            name: "text/plain 500",
            status: .internalServerError,
            contentType: "text/plain",
            body: "upstream timeout",
            code: .serverError,
            serverError: nil,
            description: "not an OAuth error answer (text/plain, 16 bytes)"
        ),
        Case(
            name: "JSON of another shape, 400",
            status: .badRequest,
            contentType: "application/json",
            body: #"{"errors":[{"code":17}],"status":"failed"}"#,
            code: .invalidRequest,
            serverError: nil,
            description: "not an OAuth error answer (application/json, 42 bytes)"
        ),
        Case(
            name: "JSON with a mistyped error member, 400",
            status: .badRequest,
            contentType: "application/json",
            body: #"{"error":17,"error_description":["x"]}"#,
            code: .invalidRequest,
            serverError: nil,
            description: "not an OAuth error answer (application/json, 38 bytes)"
        ),
        Case(
            name: "RFC 6749 JSON, 400",
            status: .badRequest,
            contentType: "application/json",
            body: #"{"error":"invalid_grant","error_description":"code expired"}"#,
            code: .invalidGrant,
            serverError: "invalid_grant",
            description: "code expired"
        ),
        Case(
            name: "HTML 200",
            status: .ok,
            contentType: "text/html",
            body: "<html>login</html>",
            code: .invalidResponse,
            serverError: nil,
            description: "the token response is not JSON"
        ),
        Case(
            name: "JSON of another shape, 200",
            status: .ok,
            contentType: "application/json",
            body: #"{"token":"abc"}"#,
            code: .invalidResponse,
            serverError: nil,
            description: "the token response is not of the expected shape at access_token"
        ),
        // An expires_in that no clock can hold (Duration traps beyond about 1.7e20 s, and on
        // NaN or infinity) is refused, never turned into a Duration.
        Case(
            name: "expires_in 1e30, 200",
            status: .ok,
            contentType: "application/json",
            body: #"{"access_token":"a","token_type":"Bearer","expires_in":1e30}"#,
            code: .invalidResponse,
            serverError: nil,
            description: "the token response is not of the expected shape at expires_in"
        ),
        Case(
            name: "expires_in \"nan\", 200",
            status: .ok,
            contentType: "application/json",
            body: #"{"access_token":"a","token_type":"Bearer","expires_in":"nan"}"#,
            code: .invalidResponse,
            serverError: nil,
            description: "the token response is not of the expected shape at expires_in"
        ),
        Case(
            name: "expires_in \"inf\", 200",
            status: .ok,
            contentType: "application/json",
            body: #"{"access_token":"a","token_type":"Bearer","expires_in":"inf"}"#,
            code: .invalidResponse,
            serverError: nil,
            description: "the token response is not of the expected shape at expires_in"
        ),
        Case(
            name: "expires_in negative, 200",
            status: .ok,
            contentType: "application/json",
            body: #"{"access_token":"a","token_type":"Bearer","expires_in":-5}"#,
            code: .invalidResponse,
            serverError: nil,
            description: "the token response is not of the expected shape at expires_in"
        ),
    ]

    @Test(
        "expires_in: a number or a numeric string of 0 to ten years; anything else present is refused",
        arguments: [
            ("0", Double?.some(0)), ("315360000", 315_360_000), (#""3599""#, 3599), ("3599.5", 3599.5),
            ("315360001", nil), ("-1", nil), (#""soon""#, nil), ("true", nil), ("{}", nil), (#""""#, nil), ("null", nil),
        ]
    )
    func expiresIn(value: String, seconds: Double?) {
        let body = Data(#"{"access_token":"a","expires_in":\#(value)}"#.utf8)
        let decoded = try? JSONDecoder().decode(TokenResponse.self, from: body)
        if value == "null" {
            #expect(decoded != nil && decoded?.expiresIn == nil, "null is an absent lifetime")
        } else if let seconds {
            #expect(decoded?.expiresIn == seconds, "\(value)")
        } else {
            #expect(decoded == nil, "\(value): \(String(describing: decoded?.expiresIn))")
        }
    }

    /// No scalar that could forge a log line or disguise text: controls (C0, DEL, C1), format
    /// characters (bidi overrides, zero-width), line and paragraph separators.
    static func isLogSafe(_ text: String) -> Bool {
        !text.unicodeScalars.contains {
            [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
        }
    }

    static let hostileScalars = "\r\n\u{1B}[31m\u{9B}31m\u{85}\u{2028}\u{2029}\u{202E}\u{200B}\u{2066}"

    @Test("The server's error and description reach the error without control or format characters, cut")
    func hostileErrorText() async throws {
        let text = "code expired" + Self.hostileScalars + "2026-12-06 FAKE LOG LINE" + String(repeating: "x", count: 2000)
        let body = try JSONSerialization.data(withJSONObject: ["error": "invalid_grant", "error_description": text])
        let server = try await KeyServer.start { _ in
            KeyServer.Reply(status: .badRequest, headers: [("Content-Type", "application/json")], body: Array(body))
        }
        let endpoints = ProviderEndpoints(issuer: server.baseURL, token: server.baseURL + "/token")
        let manager = TokenManager(clientID: "c", authentication: .clientSecretPost("s"), endpoints: endpoints, configuration: .patient)
        let error = await #expect(throws: TokenClientError.self) { try await manager.passwordTokens(username: "u", password: "p") }
        #expect(error?.code == .invalidGrant)
        let description = try #require(error?.serverDescription)
        #expect(description.hasPrefix("code expired"))
        #expect(description.unicodeScalars.count <= 512)
        #expect(Self.isLogSafe(description))
        #expect(Self.isLogSafe(error?.description ?? ""))
        try await server.close()
    }

    @Test("A hostile error code is cleaned and cut too, and keeps the status's code")
    func hostileErrorCode() async throws {
        let code = "bad" + Self.hostileScalars + String(repeating: "y", count: 200)
        let body = try JSONSerialization.data(withJSONObject: ["error": code])
        let server = try await KeyServer.start { _ in
            KeyServer.Reply(status: .badRequest, headers: [("Content-Type", "application/json")], body: Array(body))
        }
        let endpoints = ProviderEndpoints(issuer: server.baseURL, token: server.baseURL + "/token")
        let manager = TokenManager(clientID: "c", authentication: .clientSecretPost("s"), endpoints: endpoints, configuration: .patient)
        let error = await #expect(throws: TokenClientError.self) { try await manager.passwordTokens(username: "u", password: "p") }
        #expect(error?.code == .invalidRequest)
        let serverError = try #require(error?.serverError)
        #expect(serverError.hasPrefix("bad") && serverError.unicodeScalars.count <= 64 && Self.isLogSafe(serverError), "\(serverError)")
        #expect(Self.isLogSafe(error?.description ?? ""))
        try await server.close()
    }

    @Test("Each answer maps to a fixed code and says what came back", arguments: cases)
    func answer(_ answer: Case) async throws {
        let server = try await KeyServer.start { _ in
            KeyServer.Reply(status: answer.status, headers: answer.contentType.map { [("Content-Type", $0)] } ?? [], body: Array(answer.body.utf8))
        }
        let endpoints = ProviderEndpoints(issuer: server.baseURL, token: server.baseURL + "/token")
        let manager = TokenManager(clientID: "c", authentication: .clientSecretPost("s"), endpoints: endpoints, configuration: .patient)
        let error = await #expect(throws: TokenClientError.self) { try await manager.passwordTokens(username: "u", password: "p") }
        #expect(error?.code == answer.code)
        #expect(error?.status == Int(answer.status.code))
        #expect(error?.serverError == answer.serverError)
        #expect(error?.serverDescription == answer.description)
        try await server.close()
    }

    @Test("A long Content-Type with a tab and a non-ASCII letter is cleaned and cut in the description")
    func hostileContentType() async throws {
        let contentType = "text/x-\té" + String(repeating: "a", count: 200)
        let server = try await KeyServer.start { _ in KeyServer.Reply(status: .badGateway, headers: [("Content-Type", contentType)], body: [1, 2]) }
        let endpoints = ProviderEndpoints(issuer: server.baseURL, token: server.baseURL + "/token")
        let manager = TokenManager(clientID: "c", authentication: .none, endpoints: endpoints, configuration: .patient)
        let error = await #expect(throws: TokenClientError.self) { try await manager.applicationIdentityToken() }
        #expect(error?.code == .serverError)
        let description = try #require(error?.serverDescription)
        #expect(description.count < 120)
        #expect(Self.isLogSafe(description) && description.contains("text/x-"), "\(description)")
        try await server.close()
    }
}
