import NIOHTTP1
import Testing

@testable import TokenGate
@testable import TokenGateHTTPClient

/// URLs are parsed by Foundation's `URLComponents`; the rules look at the parsed scheme, user
/// information and host. Redirects stay within the origin whatever the `HTTPClient` would do.
@Suite("FetchURL: parsed URLs, loopback, redirects")
struct FetchURLTests {
    static let loopback = [
        "localhost", "LOCALHOST", "127.0.0.1", "127.8.9.10", "127.255.255.255", "[::1]",
    ]
    static let notLoopback = [
        "127.attacker.example", "127.0.0.1.attacker.example", "localhost.attacker.example", "127.1", "127.0.1",
        "0127.0.0.1", "127.00.0.1", "127.0.0.256", "127.0.0.1.", "2130706433", "0x7f.0.0.1", "[::2]",
        "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "128.0.0.1", "10.0.0.1", "",
    ]

    @Test("Loopback is localhost, a dotted quad of four decimal numbers in 127.0.0.0/8, or [::1]", arguments: loopback + notLoopback)
    func loopbackHost(host: String) {
        #expect(URLParts.isLoopbackHost(host) == Self.loopback.contains(host))
    }

    @Test(
        "Plain http only to loopback, on the parsed host",
        arguments: [
            ("http://127.attacker.example/keys", false), ("http://127.0.0.1.attacker.example/keys", false),
            ("http://[0:0:0:0:0:0:0:1]:9/keys", false), ("http://0127.0.0.1/keys", false), ("http://127.1/keys", false),
            ("http://127.0.0.1:9/keys", true), ("http://[::1]:9/keys", true), ("http://localhost/keys", true),
            ("https://127.attacker.example/keys", true),
        ]
    )
    func plainHTTP(url: String, allowed: Bool) {
        if allowed {
            #expect(throws: Never.self) { _ = try FetchURL(url, allowInsecureHTTP: false) }
        } else {
            #expect(throws: TokenGateError(.fetchInsecureURL)) { _ = try FetchURL(url, allowInsecureHTTP: false) }
        }
    }

    @Test(
        "User information, a percent-encoded host, a missing host or another scheme are refused",
        arguments: [
            "https://user@keys.example/jwks", "https://user:pw@keys.example/jwks", "http://127.0.0.1:8080@attacker.example/keys",
            "https://keys%2eexample/jwks", "https:///jwks", "/jwks", "ftp://keys.example/jwks", "https://keys.example:0/jwks",
            "https://keys.example:70000/jwks", "https://keys example/jwks",
        ]
    )
    func refused(url: String) {
        #expect(throws: TokenGateError(.fetchInsecureURL)) { _ = try FetchURL(url, allowInsecureHTTP: true) }
    }

    @Test("The redacted form drops user information, query and fragment")
    func redacted() {
        #expect(URLParts("https://u:p@Keys.Example:8443/a/b?x=1#y")?.redacted == "https://keys.example:8443/a/b")
        #expect(URLParts("http://[::1]:9/keys")?.redacted == "http://[::1]:9/keys")
        #expect(URLParts("not a url") == nil)
    }

    @Test("Location is resolved by Foundation: relative, scheme-relative and absolute")
    func resolving() throws {
        let base = try FetchURL("https://keys.example/a/jwks", allowInsecureHTTP: false)
        #expect(try base.resolving("/b/jwks", allowInsecureHTTP: false).text == "https://keys.example/b/jwks")
        #expect(try base.resolving("other", allowInsecureHTTP: false).text == "https://keys.example/a/other")
        #expect(try base.resolving("//elsewhere.example/jwks", allowInsecureHTTP: false).origin == "https://elsewhere.example:443")
        #expect(throws: TokenGateError(.fetchInsecureURL)) { _ = try base.resolving("http://elsewhere.example/jwks", allowInsecureHTTP: false) }
    }

    @Test(
        "With HTTPClient.shared (which follows redirects itself), a redirect to another origin is refused",
        arguments: [
            HTTPResponseStatus.movedPermanently, .found, .seeOther, .temporaryRedirect, .permanentRedirect,
        ]
    )
    func sharedClientRedirect(status: HTTPResponseStatus) async throws {
        let other = try await KeyServer.start { _ in .json(#"{"keys":[]}"#) }
        let server = try await KeyServer.start { _ in KeyServer.Reply(status: status, headers: [("Location", other.baseURL + "/keys")]) }
        let error = await asyncTokenError { _ = try await HTTPJWKSFetcher.patient.fetch(FetchRequest(url: server.baseURL + "/keys")) }
        #expect(error?.code == .fetchRedirectRefused)
        // Only a 303 is followed by the client itself (its body is dropped); the others never reach the other origin.
        #expect(other.requests.isEmpty == (status != .seeOther))
        try await other.close()
        try await server.close()
    }

    @Test("A redirect within the origin is followed")
    func sameOriginRedirect() async throws {
        let server = try await KeyServer.start { path in
            path == "/keys" ? .json(#"{"keys":[]}"#) : KeyServer.Reply(status: .found, headers: [("Location", "/keys")])
        }
        let response = try await HTTPJWKSFetcher.patient.fetch(FetchRequest(url: server.baseURL + "/old"))
        #expect(response.body == Array(#"{"keys":[]}"#.utf8))
        try await server.close()
    }
}
