#if Hummingbird
import HTTPTypes
import Hummingbird
import TokenGate

/// Keeps a server bound to a loopback address answering only requests addressed to this
/// machine by name: `localhost`, a 127.0.0.0/8 address, `[::1]`, or the public base URL's host.
///
/// A page on another site can make a browser's DNS answer for its own name point at
/// 127.0.0.1 (DNS rebinding); its requests then reach the issuer as same-origin ones under the
/// site's name, so it could read the unauthenticated pages and documents. Those requests carry
/// that name in `Host`, and are answered 421 Misdirected Request (RFC 9110 §15.5.20) without
/// reaching a route. A request without a host (not a browser's) passes.
struct LoopbackHostMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// Host names accepted besides the loopback ones, lowercased, without port.
    let acceptedNames: Set<String>

    private static let host = HTTPField.Name("Host")!

    @concurrent
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        guard let authority = request.head.authority ?? request.headers[Self.host], !Self.accepts(authority, names: self.acceptedNames) else {
            return try await next(request, context)
        }
        return IssuerResponse.json(
            ["error": "invalid_request", "error_description": "this server answers only to localhost, a loopback address or its public URL's host"],
            status: .misdirectedRequest
        )
    }

    /// Whether `authority` (`host[:port]`, nothing else) names a loopback host or one of `names`.
    static func accepts(_ authority: String, names: Set<String>) -> Bool {
        let authority = Substring(authority.lowercased())
        let end =
            authority.hasPrefix("[")
            ? authority.firstIndex(of: "]").map(authority.index(after:))
            : authority.firstIndex(of: ":") ?? authority.endIndex
        guard let end else { return false }
        let host = authority[..<end]
        let port = authority[end...]
        guard port.isEmpty || (port.first == ":" && port.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }) else { return false }
        return URLParts.isLoopbackHost(host) || names.contains(String(host))
    }
}
#endif
