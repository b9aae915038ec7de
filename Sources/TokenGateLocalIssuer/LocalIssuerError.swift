/// The one error type of `TokenGateLocalIssuer`: what a request did wrong (as an OAuth /
/// management error with its HTTP status), or why the issuer's state could not be used.
///
/// Equality and hashing look at ``code`` only.
public struct LocalIssuerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A fixed reason.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Backing: Hashable, Sendable {
            case invalidRequest, invalidClient, invalidGrant, unauthorizedClient, unsupportedGrantType, invalidScope
            case tooManyRequests, unauthorized, notFound, conflict, payloadTooLarge, notRunning, corruptState, storageFailed
        }

        fileprivate let backing: Backing

        /// RFC 6749 `invalid_request` (400): a missing, repeated or malformed parameter.
        public static let invalidRequest = Code(backing: .invalidRequest)
        /// RFC 6749 `invalid_client` (401 with a `Basic` challenge): unknown client or wrong secret.
        public static let invalidClient = Code(backing: .invalidClient)
        /// RFC 6749 `invalid_grant` (400): wrong user credentials, or a bad refresh token or code.
        public static let invalidGrant = Code(backing: .invalidGrant)
        /// RFC 6749 `unauthorized_client` (400).
        public static let unauthorizedClient = Code(backing: .unauthorizedClient)
        /// RFC 6749 `unsupported_grant_type` (400).
        public static let unsupportedGrantType = Code(backing: .unsupportedGrantType)
        /// RFC 6749 `invalid_scope` (400): a scope the application was not given.
        public static let invalidScope = Code(backing: .invalidScope)
        /// Too many failed logins for a user (429 with `Retry-After`).
        public static let tooManyRequests = Code(backing: .tooManyRequests)
        /// A management call without the admin token (401).
        public static let unauthorized = Code(backing: .unauthorized)
        /// An unknown application or user (404).
        public static let notFound = Code(backing: .notFound)
        /// A user with this email exists already (409).
        public static let conflict = Code(backing: .conflict)
        /// A request body over the configured maximum (413).
        public static let payloadTooLarge = Code(backing: .payloadTooLarge)
        /// The issuer's base URL is not known yet: it is not running and has no fixed port or
        /// `publicBaseURL` (503).
        public static let notRunning = Code(backing: .notRunning)
        /// A state file cannot be read or parsed; nothing was overwritten.
        public static let corruptState = Code(backing: .corruptState)
        /// A state file could not be written.
        public static let storageFailed = Code(backing: .storageFailed)

        /// The OAuth error name sent in bodies.
        public var oauthError: String {
            switch self.backing {
            case .invalidRequest: "invalid_request"
            case .invalidClient: "invalid_client"
            case .invalidGrant: "invalid_grant"
            case .unauthorizedClient: "unauthorized_client"
            case .unsupportedGrantType: "unsupported_grant_type"
            case .invalidScope: "invalid_scope"
            case .tooManyRequests: "too_many_requests"
            case .unauthorized: "unauthorized"
            case .notFound: "not_found"
            case .conflict: "conflict"
            case .payloadTooLarge: "invalid_request"
            case .notRunning: "temporarily_unavailable"
            case .corruptState, .storageFailed: "server_error"
            }
        }

        /// The HTTP status.
        public var status: Int {
            switch self.backing {
            case .invalidClient, .unauthorized: 401
            case .tooManyRequests: 429
            case .notFound: 404
            case .conflict: 409
            case .payloadTooLarge: 413
            case .notRunning: 503
            case .corruptState, .storageFailed: 500
            default: 400
            }
        }

        public var description: String { self.oauthError }
    }

    /// The fixed reason.
    public let code: Code
    /// A message for the client (for state errors: naming the file).
    public let message: String
    /// For `tooManyRequests`: seconds until a retry may succeed.
    public let retryAfterSeconds: Int?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The fixed reason.
    ///   - message: A message safe to send to the client.
    ///   - retryAfterSeconds: For `tooManyRequests`.
    public init(_ code: Code, _ message: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static func == (lhs: LocalIssuerError, rhs: LocalIssuerError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.code) }
    public var description: String { "LocalIssuerError.\(self.code): \(self.message)" }
}
