#if Hummingbird
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Testing
@testable import TokenGate
@testable import TokenGateLocalIssuer

/// DNS rebinding: a page on another site whose name is made to resolve to 127.0.0.1 reaches a
/// loopback server as a same-origin request, but under its own name in `Host`.
@Suite("Local issuer host check")
struct LocalIssuerHostTests {
    static func status(_ harness: IssuerHarness, host: String) async throws -> Int {
        var request = HTTPClientRequest(url: harness.oauth + "/.well-known/openid-configuration")
        request.headers.replaceOrAdd(name: "Host", value: host)
        return Int(try await harness.client.execute(request, timeout: .seconds(60)).status.code)
    }

    @Test("Bound to loopback: another host name gets 421; localhost and loopback addresses pass")
    func rebinding() async throws {
        let harness = try await IssuerHarness.start()
        let port = try #require(URLParts(harness.baseURL)?.port)
        for host in [
            "attacker.example:\(port)", "attacker.example", "127.0.0.1.attacker.example:\(port)", "localhost.attacker.example", "[::2]:\(port)",
            "[::1]junk", "127.0.0.1:x@attacker.example", "localhost:80@attacker.example", "[::1", "localhost:\u{0669}\u{0660}",
        ] {
            #expect(try await Self.status(harness, host: host) == 421, "\(host)")
        }
        for host in ["localhost:\(port)", "LOCALHOST", "127.0.0.1:\(port)", "127.1.2.3", "[::1]:\(port)"] {
            #expect(try await Self.status(harness, host: host) == 200, "\(host)")
        }
        try await harness.stop()
    }

    @Test("The public base URL's host is accepted too, in any case and with any port")
    func publicHost() throws {
        var configuration = IssuerHarness.configuration()
        configuration.publicBaseURL = "http://Issuer.Test:8081/"
        let names = try #require(try LocalIssuer(configuration: configuration).acceptedHostNames)
        #expect(names == ["issuer.test"])
        #expect(LoopbackHostMiddleware.accepts("ISSUER.test:8081", names: names))
        #expect(!LoopbackHostMiddleware.accepts("issuer.test.attacker.example", names: names))
    }

    @Test("Bound to another address, any host name is answered (the server cannot know its names)")
    func otherAddress() async throws {
        var configuration = IssuerHarness.configuration()
        configuration.host = "0.0.0.0"
        let harness = try await IssuerHarness.start(configuration)
        #expect(try await Self.status(harness, host: "issuer.example") == 200)
        try await harness.stop()
    }
}
#endif
