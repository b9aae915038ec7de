public import TokenGate

/// The one error type of `TokenGateHTTPClient`'s clients (``TokenManager``, ``ManagementClient``):
/// a fixed ``Code``, the HTTP status and the server's own `error` / `error_description` when it
/// sent them.
///
/// Equality and hashing look at ``code`` only.
///
/// ```swift
/// do {
///     let tokens = try await manager.passwordTokens(username: email, password: password)
/// } catch let error where error.code == .invalidGrant {
///     print("wrong email or password:", error.serverDescription ?? "-")
/// }
/// ```
public struct TokenClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A fixed reason.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Backing: Hashable, Sendable {
            case invalidClient, invalidGrant, invalidScope, invalidRequest, unauthorized, notFound, rateLimited
            case serverError, network, invalidResponse, invalidToken, insecureURL, subjectMismatch, unsupportedByProvider
        }

        fileprivate let backing: Backing

        /// The client ID or secret was refused (`invalid_client`, 401).
        public static let invalidClient = Code(backing: .invalidClient)
        /// The grant was refused: wrong user credentials, a used, revoked or expired refresh
        /// token, a bad assertion (`invalid_grant`).
        public static let invalidGrant = Code(backing: .invalidGrant)
        /// A scope was asked for that the application may not have (`invalid_scope`).
        public static let invalidScope = Code(backing: .invalidScope)
        /// The server found the request malformed (`invalid_request`, `unsupported_grant_type`,
        /// other 400 answers).
        public static let invalidRequest = Code(backing: .invalidRequest)
        /// A management call was refused (401/403): the bearer token is wrong.
        public static let unauthorized = Code(backing: .unauthorized)
        /// The resource does not exist (404).
        public static let notFound = Code(backing: .notFound)
        /// Too many requests or failed logins (429); see ``TokenClientError/retryAfter``.
        public static let rateLimited = Code(backing: .rateLimited)
        /// The server failed (5xx).
        public static let serverError = Code(backing: .serverError)
        /// The server could not be reached, or did not answer in time.
        public static let network = Code(backing: .network)
        /// The answer was not what the protocol prescribes (not JSON, no `access_token`,
        /// another `token_type`, too large, an unexpected status).
        public static let invalidResponse = Code(backing: .invalidResponse)
        /// A token the server returned did not verify (see ``TokenClientError/tokenError``).
        public static let invalidToken = Code(backing: .invalidToken)
        /// The URL is not https (outside loopback and without the development switch).
        public static let insecureURL = Code(backing: .insecureURL)
        /// UserInfo described another subject than the identity token (a token substitution).
        public static let subjectMismatch = Code(backing: .subjectMismatch)
        /// The provider does not offer what was asked: no revocation, introspection or
        /// UserInfo endpoint in its discovery document, or a client authentication method it
        /// does not list. No request was made.
        public static let unsupportedByProvider = Code(backing: .unsupportedByProvider)

        public var description: String {
            switch self.backing {
            case .invalidClient: "invalidClient"
            case .invalidGrant: "invalidGrant"
            case .invalidScope: "invalidScope"
            case .invalidRequest: "invalidRequest"
            case .unauthorized: "unauthorized"
            case .notFound: "notFound"
            case .rateLimited: "rateLimited"
            case .serverError: "serverError"
            case .network: "network"
            case .invalidResponse: "invalidResponse"
            case .invalidToken: "invalidToken"
            case .insecureURL: "insecureURL"
            case .subjectMismatch: "subjectMismatch"
            case .unsupportedByProvider: "unsupportedByProvider"
            }
        }
    }

    /// The fixed reason.
    public let code: Code
    /// The HTTP status, when the server answered.
    public let status: Int?
    /// The server's `error` (or App ID's `error_code`).
    public let serverError: String?
    /// The server's `error_description`.
    public let serverDescription: String?
    /// For `rateLimited`: the server's `Retry-After`.
    public let retryAfter: Duration?
    /// For `invalidToken`: why the token was refused.
    public let tokenError: TokenGateError?
    /// The error that caused this one (for logs).
    public let underlying: (any Error)?

    /// Creates an error.
    public init(
        _ code: Code,
        status: Int? = nil,
        serverError: String? = nil,
        serverDescription: String? = nil,
        retryAfter: Duration? = nil,
        tokenError: TokenGateError? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.status = status
        self.serverError = serverError
        self.serverDescription = serverDescription
        self.retryAfter = retryAfter
        self.tokenError = tokenError
        self.underlying = underlying
    }

    /// The error of a failed discovery (``TokenGate/ProviderEndpoints/discover(issuer:discoveryURL:fetcher:maximumBodySize:)``):
    /// `.insecureURL` for an endpoint that is not https, `.invalidResponse` for a document that
    /// names another issuer, lacks `token_endpoint` or has a mistyped member or status,
    /// `.network` when it could not be fetched; `tokenError` says which.
    /// - Parameter error: The discovery's error.
    public init(discoveryError error: TokenGateError) {
        let code: Code
        switch error.code {
        case .fetchInsecureURL: code = .insecureURL
        case .discoveryMismatch, .fetchStatus, .fetchTooLarge: code = .invalidResponse
        default: code = .network
        }
        self.init(code, serverDescription: "discovery: \(error.code)", tokenError: error)
    }

    public static func == (lhs: TokenClientError, rhs: TokenClientError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.code) }

    public var description: String {
        var text = "TokenClientError.\(self.code)"
        if let status { text += " (HTTP \(status))" }
        if let serverError { text += " \(serverError)" }
        if let serverDescription { text += ": \(serverDescription)" }
        if let tokenError { text += " [\(tokenError.code)]" }
        return text
    }
}
