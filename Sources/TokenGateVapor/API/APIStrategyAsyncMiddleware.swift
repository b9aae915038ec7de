#if Vapor
public import TokenGate
public import Vapor

/// Guards Vapor routes with an ``TokenGate/APIStrategy``: a refused request is answered here
/// (401/400/403/503 as docs/behaviour.md lists, the same responses as the Hummingbird adapter), an authorized
/// one continues with the ``TokenGate/AuthorizationContext`` logged in (`req.auth`).
///
/// ```swift
/// let protected = app.grouped("api", "protected").grouped(APIStrategyAsyncMiddleware(strategy))
/// protected.get { req in "Hello \(try req.requireAuthorizationContext().subject ?? "client")" }
/// protected.grouped(APIStrategyAsyncMiddleware(strategy, requirement: AccessRequirement(allOf: ["admin"])))
///     .get("admin") { req in "admin" }
/// ```
public struct APIStrategyAsyncMiddleware: AsyncMiddleware {
    /// The strategy.
    public let strategy: APIStrategy
    /// What the guarded routes require beyond a valid token.
    public let requirement: AccessRequirement
    /// Whether requests without credentials pass (with no context logged in).
    public let mode: AuthenticationMode

    /// Creates the middleware.
    /// - Parameters:
    ///   - strategy: The strategy.
    ///   - requirement: What the guarded routes require beyond a valid token.
    ///   - mode: Whether requests without credentials pass.
    public init(_ strategy: APIStrategy, requirement: AccessRequirement = .none, mode: AuthenticationMode = .required) {
        self.strategy = strategy
        self.requirement = requirement
        self.mode = mode
    }

    /// Authorizes the request, then continues with the context logged in, or answers the refusal.
    ///
    /// (`@concurrent` matches Vapor's protocol, which is compiled without
    /// NonisolatedNonsendingByDefault.)
    @concurrent
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let outcome = await self.strategy.authorize(
            established: request.authorizationContext,
            authorizationField: Self.authorizationField(request.headers),
            requirement: self.requirement,
            mode: self.mode
        )
        switch outcome {
        case .authorized(let authorization):
            request.auth.login(authorization)
            return try await next.respond(to: request)
        case .anonymous:
            // A context logged in before (a session's, another strategy's) is not this guard's.
            request.auth.logout(AuthorizationContext.self)
            return try await next.respond(to: request)
        case .refused(let failure):
            return Response(self.strategy.response(for: failure))
        }
    }

    /// The `Authorization` value; several fields are joined with `", "` (and so refused as malformed).
    static func authorizationField(_ headers: HTTPHeaders) -> Substring? {
        let values = headers[.authorization]
        switch values.count {
        case 0: return nil
        case 1: return values[0][...]
        default: return values.joined(separator: ", ")[...]
        }
    }
}
#endif
