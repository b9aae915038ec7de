#if Vapor
import HTTPTypes
public import TokenGate
public import Vapor

/// Runs any ``TokenGate/PipelineMiddleware`` as Vapor middleware: the middleware gets the
/// request's head as an `HTTPRequest` (method, scheme, authority, path and query, and every
/// header field, repeated ones kept) and the logged-in ``TokenGate/AuthorizationContext`` as
/// ``TokenGate/PipelineContext/authorization``; the context it hands to `next` is logged in
/// (`req.auth`), or logged out when it has none; changes it makes to the request head reach
/// the route; its answer (or the route's response, head adjusted) is the response, whose body
/// is never buffered here.
///
/// With ``TokenGate/APIStrategyMiddleware`` it guards routes with bearer tokens: a refused
/// request is answered here (401/400/403/503 as docs/behaviour.md lists, the same responses as
/// the Hummingbird adapter), an authorized one continues with the context logged in.
///
/// ```swift
/// let protected = app.grouped("api", "protected").grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategy)))
/// protected.get { req in "Hello \(try req.requireAuthorizationContext().subject ?? "client")" }
/// protected.grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOf: ["admin"]))))
///     .get("admin") { req in "admin" }
/// ```
public struct PipelineAsyncMiddleware<Middleware: PipelineMiddleware>: AsyncMiddleware {
    /// The middleware run.
    public let middleware: Middleware

    /// Creates the bridge.
    /// - Parameter middleware: The framework-neutral middleware to run.
    public init(_ middleware: Middleware) {
        self.middleware = middleware
    }

    /// Runs the middleware with the request's head and logged-in context.
    ///
    /// (`@concurrent` matches Vapor's protocol, which is compiled without
    /// NonisolatedNonsendingByDefault.)
    @concurrent
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let head = Self.head(of: request)
        let output = try await self.middleware.handle(head, context: PipelineContext(authorization: request.authorizationContext)) {
            (forwarded: HTTPRequest, context: PipelineContext) async throws -> VaporPipelineOutput in
            if !forwarded.isUnchanged(from: head) { Self.apply(forwarded, to: request) }
            if let authorization = context.authorization {
                request.auth.login(authorization)
            } else {
                request.auth.logout(AuthorizationContext.self)
            }
            return VaporPipelineOutput(response: try await next.respond(to: request))
        }
        return output.response
    }

    /// The request's head as swift-http-types has it. Header fields keep their order and
    /// repetitions (two `Authorization` fields stay two, and are refused as malformed); a field
    /// whose name is not a valid token is left out.
    static func head(of request: Request) -> HTTPRequest {
        var fields = HTTPFields()
        fields.reserveCapacity(request.headers.count)
        for (name, value) in request.headers {
            guard let name = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: name, value: value))
        }
        let scheme = request.url.scheme ?? (request.application.http.server.configuration.tlsConfiguration == nil ? "http" : "https")
        return HTTPRequest(
            method: HTTPRequest.Method(request.method.rawValue) ?? .get,
            scheme: scheme,
            authority: request.headers.first(name: .host) ?? request.url.host,
            path: request.url.path + (request.url.query.map { "?" + $0 } ?? ""),
            headerFields: fields
        )
    }

    /// Writes a head the middleware changed back to Vapor's request.
    static func apply(_ head: HTTPRequest, to request: Request) {
        request.method = HTTPMethod(rawValue: head.method.rawValue)
        if let path = head.path { request.url = URI(string: path) }
        var headers = HTTPHeaders()
        for field in head.headerFields {
            headers.add(name: field.name.rawName, value: field.value)
        }
        request.headers = headers
    }
}
#endif
