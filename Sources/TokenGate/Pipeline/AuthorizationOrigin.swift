/// Who established an ``AuthorizationContext``, and from what.
///
/// A guard nested inside another reuses the outer guard's context only when the same
/// ``APIStrategy`` established it from a bearer token; any other context (another strategy's,
/// a browser session's, or one the application attached) never satisfies a guard, which
/// verifies the request's `Authorization` field itself. So an API guard is never satisfied by
/// a session cookie, and a token one strategy accepts never passes another strategy's routes.
public struct AuthorizationOrigin: Sendable, Hashable {
    /// Where the tokens came from.
    public enum Source: Sendable, Hashable {
        /// The request's `Authorization: Bearer` field, verified by an ``APIStrategy``.
        case bearerToken
        /// The server-side session of a browser login (``WebAppStrategy``).
        case browserSession
        /// The application: a context made with
        /// ``AuthorizationContext/init(accessToken:identityToken:refreshToken:)``, for example
        /// from the tokens of the token client.
        case application
    }

    /// Where the tokens came from.
    public let source: Source
    /// The strategy that established the context (0 for the application).
    let strategy: UInt64

    /// A context the application made.
    static let application = AuthorizationOrigin(source: .application, strategy: 0)
}
