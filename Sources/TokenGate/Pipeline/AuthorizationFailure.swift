public import HTTPTypes

/// Why a request was refused, with everything needed to answer it per RFC 6750 (docs/behaviour.md).
///
/// | kind | status | `WWW-Authenticate` |
/// |---|---|---|
/// | ``Kind/noCredentials`` | 401 | `Bearer realm="…", scope="…"` |
/// | ``Kind/invalidRequest`` | 400 | `Bearer realm="…", error="invalid_request", error_description="…"` |
/// | ``Kind/invalidToken`` | 401 | `Bearer realm="…", scope="…", error="invalid_token", error_description="…"` |
/// | ``Kind/insufficientScope`` | 403 | `Bearer realm="…", scope="…", error="insufficient_scope"` |
/// | ``Kind/unavailable`` | 503 | none; `Retry-After: <seconds>` |
public struct AuthorizationFailure: Sendable, Error {
    /// The class of failure, which fixes the status and the challenge.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Backing: Sendable, Hashable {
            case noCredentials
            case invalidRequest
            case invalidToken
            case insufficientScope
            case unavailable
        }

        private let backing: Backing

        /// No `Authorization` header, or another scheme.
        public static let noCredentials = Kind(backing: .noCredentials)
        /// A malformed `Authorization` header.
        public static let invalidRequest = Kind(backing: .invalidRequest)
        /// A token that failed verification.
        public static let invalidToken = Kind(backing: .invalidToken)
        /// A valid token that lacks a required scope or fails a route's check.
        public static let insufficientScope = Kind(backing: .insufficientScope)
        /// No key set could be had for the token's issuer yet.
        public static let unavailable = Kind(backing: .unavailable)

        /// The HTTP status.
        public var status: HTTPResponse.Status {
            switch self.backing {
            case .noCredentials, .invalidToken: .unauthorized
            case .invalidRequest: .badRequest
            case .insufficientScope: .forbidden
            case .unavailable: .serviceUnavailable
            }
        }

        /// The RFC 6750 / RFC 6749 error name used in the challenge and the body.
        public var oauthError: String? {
            switch self.backing {
            case .noCredentials: nil
            case .invalidRequest: "invalid_request"
            case .invalidToken: "invalid_token"
            case .insufficientScope: "insufficient_scope"
            case .unavailable: "temporarily_unavailable"
            }
        }

        public var description: String {
            switch self.backing {
            case .noCredentials: "noCredentials"
            case .invalidRequest: "invalidRequest"
            case .invalidToken: "invalidToken"
            case .insufficientScope: "insufficientScope"
            case .unavailable: "unavailable"
            }
        }
    }

    /// The class of failure.
    public let kind: Kind
    /// The verification error behind an `invalidRequest`, `invalidToken` or `unavailable`
    /// failure (for logs; its ``TokenGateError/Code/publicDescription`` is what clients see).
    public let error: TokenGateError?
    /// The realm of the challenge.
    public let realm: String
    /// The scopes the route requires (the strategy's and the route's).
    public let requiredScopes: [String]
    /// Whether `error_description` is sent.
    public let includesDescription: Bool

    /// Creates a failure.
    /// - Parameters:
    ///   - kind: The class of failure.
    ///   - error: The verification error behind it, if any.
    ///   - realm: The realm of the challenge.
    ///   - requiredScopes: The scopes the route requires.
    ///   - includesDescription: Whether `error_description` is sent.
    public init(kind: Kind, error: TokenGateError? = nil, realm: String, requiredScopes: [String], includesDescription: Bool = true) {
        self.kind = kind
        self.error = error
        self.realm = realm
        self.requiredScopes = requiredScopes
        self.includesDescription = includesDescription
    }

    /// The short, fixed description sent to clients.
    public var publicDescription: String {
        switch self.kind {
        case .noCredentials: "bearer token required"
        case .insufficientScope: "insufficient scope"
        default: self.error?.code.publicDescription ?? "request refused"
        }
    }

    /// The `Retry-After` seconds of an `unavailable` failure (at least 1).
    public var retryAfterSeconds: Int? {
        guard self.kind == .unavailable else { return nil }
        let retryAfter = self.error?.retryAfter ?? .seconds(5)
        let (seconds, attoseconds) = retryAfter.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    /// The `WWW-Authenticate` challenge (none for `unavailable`).
    public var challenge: BearerChallenge? {
        switch self.kind {
        case .noCredentials:
            return BearerChallenge(realm: self.realm, scopes: self.requiredScopes)
        case .invalidRequest:
            return BearerChallenge(
                realm: self.realm,
                error: self.kind.oauthError,
                errorDescription: self.includesDescription ? self.publicDescription : nil
            )
        case .invalidToken:
            return BearerChallenge(
                realm: self.realm,
                scopes: self.requiredScopes,
                error: self.kind.oauthError,
                errorDescription: self.includesDescription ? self.publicDescription : nil
            )
        case .insufficientScope:
            return BearerChallenge(realm: self.realm, scopes: self.requiredScopes, error: self.kind.oauthError)
        default:
            return nil
        }
    }

    /// The response docs/behaviour.md prescribes: the status, the challenge or `Retry-After`,
    /// `Cache-Control: no-store`, and a JSON body `{"error": …, "error_description": …}`.
    public func defaultResponse() -> PipelineResponse {
        var head = HTTPResponse(status: self.kind.status)
        if let challenge = self.challenge {
            head.headerFields[.wwwAuthenticate] = challenge.headerValue
        }
        if let seconds = self.retryAfterSeconds {
            head.headerFields[.retryAfter] = String(seconds)
        }
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.cacheControl] = "no-store"
        var body: [String: JSONValue] = ["error": .string(self.kind.oauthError ?? "unauthorized")]
        if self.includesDescription {
            body["error_description"] = .string(self.publicDescription)
        }
        return PipelineResponse(head: head, body: JSONValue.object(body).serializedBytes)
    }
}
