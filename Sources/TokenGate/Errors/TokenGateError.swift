/// The one error type of the `TokenGate` module.
///
/// Every failure carries a fixed ``Code``. A code maps to the RFC 6750 error name
/// (``oauthError``) and to a short, safe description (``publicDescription``) that never
/// contains token content, so adapters can put it in a `WWW-Authenticate` header as is.
/// ``detail`` holds extra context for logs; it is built only from values the verifier
/// trusts (configuration, key ids of a verified key set, fixed strings), never from a token.
///
/// Equality and hashing look at ``code`` only.
///
/// ```swift
/// do {
///     let token = try verifier.verify(raw, keys: keySet, now: .now)
/// } catch let error where error.code == .expired {
///     // ask the client to refresh its token
/// }
/// ```
public struct TokenGateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A fixed reason for a failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Backing: UInt8, Sendable {
            case tokenTooLarge
            case malformedToken
            case encryptedToken
            case malformedHeader
            case disallowedAlgorithm
            case unsupportedCriticalHeader
            case unencodedPayload
            case unknownKey
            case keyAlgorithmMismatch
            case invalidSignature
            case malformedClaims
            case missingClaim
            case invalidIssuer
            case invalidAudience
            case invalidTenant
            case expired
            case notYetValid
            case issuedInFuture
            case disallowedType
            case invalidAuthorizedParty
            case tooOld
            case claimMismatch
            case validationFailed
            case invalidKey
            case invalidKeySet
            case keysUnavailable
            case fetchTimedOut
            case fetchFailed
            case fetchStatus
            case fetchTooLarge
            case fetchRedirectRefused
            case fetchInsecureURL
            case discoveryMismatch
            case malformedAuthorization
            case identityMismatch
            case invalidConfiguration
            case loginStateMissing
            case loginStateMismatch
            case loginExpired
            case loginDenied
            case codeExchangeFailed
            case nonceMismatch
        }

        fileprivate let backing: Backing

        private init(_ backing: Backing) { self.backing = backing }

        /// The token is longer than the configured maximum.
        public static let tokenTooLarge = Code(.tokenTooLarge)
        /// The token is not a compact JWS: wrong segment count, bad base64url, not JSON.
        public static let malformedToken = Code(.malformedToken)
        /// The token has five segments (a JWE); only signed tokens are accepted.
        public static let encryptedToken = Code(.encryptedToken)
        /// The JOSE header is not a JSON object with a string `alg`, or a member has the wrong type.
        public static let malformedHeader = Code(.malformedHeader)
        /// The header's `alg` is `none`, unknown, or not allowed for this issuer.
        public static let disallowedAlgorithm = Code(.disallowedAlgorithm)
        /// The header lists a `crit` extension this verifier does not understand.
        public static let unsupportedCriticalHeader = Code(.unsupportedCriticalHeader)
        /// The header asks for an unencoded payload (`b64: false`, RFC 7797).
        public static let unencodedPayload = Code(.unencodedPayload)
        /// No key of the issuer's key set has the token's `kid`.
        public static let unknownKey = Code(.unknownKey)
        /// The key with the token's `kid` may not be used with the token's `alg`.
        public static let keyAlgorithmMismatch = Code(.keyAlgorithmMismatch)
        /// The signature does not verify.
        public static let invalidSignature = Code(.invalidSignature)
        /// The payload is not a JSON object, or a registered claim has the wrong type.
        public static let malformedClaims = Code(.malformedClaims)
        /// A required claim (`iss`, `exp`, `aud` when audiences are configured, …) is absent.
        public static let missingClaim = Code(.missingClaim)
        /// `iss` differs from the configured issuer.
        public static let invalidIssuer = Code(.invalidIssuer)
        /// `aud` contains none of the configured audiences.
        public static let invalidAudience = Code(.invalidAudience)
        /// The App ID `tenant` claim differs from the configured tenant.
        public static let invalidTenant = Code(.invalidTenant)
        /// `exp` is in the past (beyond the leeway).
        public static let expired = Code(.expired)
        /// `nbf` is in the future (beyond the leeway).
        public static let notYetValid = Code(.notYetValid)
        /// `iat` is in the future (beyond the leeway).
        public static let issuedInFuture = Code(.issuedInFuture)
        /// The header's `typ` is not in the configured allow-list.
        public static let disallowedType = Code(.disallowedType)
        /// `azp` is not an accepted authorized party (OpenID Connect Core §3.1.3.7).
        public static let invalidAuthorizedParty = Code(.invalidAuthorizedParty)
        /// `iat` is older than the configured maximum age (or missing when one is configured).
        public static let tooOld = Code(.tooOld)
        /// A required claim does not have one of its expected values.
        public static let claimMismatch = Code(.claimMismatch)
        /// A custom validator rejected the token.
        public static let validationFailed = Code(.validationFailed)
        /// A JWK or a configured secret cannot be used as a verification key.
        public static let invalidKey = Code(.invalidKey)
        /// A JWKS document is not a JSON object with a `keys` array.
        public static let invalidKeySet = Code(.invalidKeySet)
        /// No key set could be obtained for the issuer yet (cold start with the provider down).
        /// HTTP adapters answer 503 with `Retry-After` (see ``TokenGateError/retryAfter``).
        public static let keysUnavailable = Code(.keysUnavailable)
        /// A key-set or discovery fetch did not finish within its deadline.
        public static let fetchTimedOut = Code(.fetchTimedOut)
        /// A fetch failed to connect or was cut off.
        public static let fetchFailed = Code(.fetchFailed)
        /// A fetch was answered with a status other than 200 or 304.
        public static let fetchStatus = Code(.fetchStatus)
        /// A fetched body was larger than the cap.
        public static let fetchTooLarge = Code(.fetchTooLarge)
        /// A fetch was redirected to another host (or too often).
        public static let fetchRedirectRefused = Code(.fetchRedirectRefused)
        /// A fetch URL was not https (outside loopback and without the development switch), or not a URL.
        public static let fetchInsecureURL = Code(.fetchInsecureURL)
        /// A discovery document named another issuer, or had no usable `jwks_uri`.
        public static let discoveryMismatch = Code(.discoveryMismatch)
        /// The `Authorization` header is not a well-formed Bearer credential (empty token, more
        /// than two tokens, characters outside token68, over the size limit). HTTP: 400
        /// `invalid_request`.
        public static let malformedAuthorization = Code(.malformedAuthorization)
        /// The identity token belongs with another access token: another issuer, or (unless
        /// turned off) another subject.
        public static let identityMismatch = Code(.identityMismatch)
        /// A configuration document (App ID credentials, `VCAP_SERVICES`) is missing a field or
        /// is not the expected JSON.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A login callback arrived for a session that started no login (or whose login was
        /// already used): the browser must start again.
        public static let loginStateMissing = Code(.loginStateMissing)
        /// The callback's `state` is not the one this session sent (CSRF or a mixed-up login).
        public static let loginStateMismatch = Code(.loginStateMismatch)
        /// The login took longer than the configured limit.
        public static let loginExpired = Code(.loginExpired)
        /// The authorization server answered the login with an error (the user cancelled, …).
        public static let loginDenied = Code(.loginDenied)
        /// The authorization code could not be exchanged for tokens (used already, wrong
        /// verifier, expired, or the token endpoint failed).
        public static let codeExchangeFailed = Code(.codeExchangeFailed)
        /// The identity token's `nonce` is not the one this login sent (a replayed or injected token).
        public static let nonceMismatch = Code(.nonceMismatch)

        /// The RFC 6750 error name for this code: `invalid_request` for a malformed request,
        /// `invalid_token` for every token failure.
        public var oauthError: String {
            self.backing == .malformedAuthorization ? "invalid_request" : "invalid_token"
        }

        /// A short, fixed description, safe to send to clients.
        public var publicDescription: String {
            switch self.backing {
            case .tokenTooLarge: "token too large"
            case .malformedToken: "malformed token"
            case .encryptedToken: "encrypted tokens are not accepted"
            case .malformedHeader: "malformed token header"
            case .disallowedAlgorithm: "algorithm not allowed"
            case .unsupportedCriticalHeader: "unsupported critical header"
            case .unencodedPayload: "unencoded payload not accepted"
            case .unknownKey: "unknown key"
            case .keyAlgorithmMismatch: "key not usable with algorithm"
            case .invalidSignature: "signature invalid"
            case .malformedClaims: "malformed claims"
            case .missingClaim: "required claim missing"
            case .invalidIssuer: "issuer not accepted"
            case .invalidAudience: "audience not accepted"
            case .invalidTenant: "tenant not accepted"
            case .expired: "token expired"
            case .notYetValid: "token not yet valid"
            case .issuedInFuture: "token issued in the future"
            case .disallowedType: "token type not accepted"
            case .invalidAuthorizedParty: "authorized party not accepted"
            case .tooOld: "token too old"
            case .claimMismatch: "claim value not accepted"
            case .validationFailed: "token rejected"
            case .invalidKey: "key not usable"
            case .invalidKeySet: "key set not usable"
            case .keysUnavailable: "keys unavailable"
            case .fetchTimedOut: "key fetch timed out"
            case .fetchFailed: "key fetch failed"
            case .fetchStatus: "key fetch refused"
            case .fetchTooLarge: "key document too large"
            case .fetchRedirectRefused: "key fetch redirected"
            case .fetchInsecureURL: "key URL not allowed"
            case .discoveryMismatch: "discovery document mismatch"
            case .malformedAuthorization: "malformed authorization header"
            case .identityMismatch: "identity token does not match access token"
            case .invalidConfiguration: "configuration not usable"
            case .loginStateMissing: "no login in progress"
            case .loginStateMismatch: "login state mismatch"
            case .loginExpired: "login took too long"
            case .loginDenied: "login refused by the authorization server"
            case .codeExchangeFailed: "authorization code not accepted"
            case .nonceMismatch: "identity token nonce mismatch"
            }
        }

        /// The code's name, as used in logs and metric labels.
        public var description: String {
            switch self.backing {
            case .tokenTooLarge: "tokenTooLarge"
            case .malformedToken: "malformedToken"
            case .encryptedToken: "encryptedToken"
            case .malformedHeader: "malformedHeader"
            case .disallowedAlgorithm: "disallowedAlgorithm"
            case .unsupportedCriticalHeader: "unsupportedCriticalHeader"
            case .unencodedPayload: "unencodedPayload"
            case .unknownKey: "unknownKey"
            case .keyAlgorithmMismatch: "keyAlgorithmMismatch"
            case .invalidSignature: "invalidSignature"
            case .malformedClaims: "malformedClaims"
            case .missingClaim: "missingClaim"
            case .invalidIssuer: "invalidIssuer"
            case .invalidAudience: "invalidAudience"
            case .invalidTenant: "invalidTenant"
            case .expired: "expired"
            case .notYetValid: "notYetValid"
            case .issuedInFuture: "issuedInFuture"
            case .disallowedType: "disallowedType"
            case .invalidAuthorizedParty: "invalidAuthorizedParty"
            case .tooOld: "tooOld"
            case .claimMismatch: "claimMismatch"
            case .validationFailed: "validationFailed"
            case .invalidKey: "invalidKey"
            case .invalidKeySet: "invalidKeySet"
            case .keysUnavailable: "keysUnavailable"
            case .fetchTimedOut: "fetchTimedOut"
            case .fetchFailed: "fetchFailed"
            case .fetchStatus: "fetchStatus"
            case .fetchTooLarge: "fetchTooLarge"
            case .fetchRedirectRefused: "fetchRedirectRefused"
            case .fetchInsecureURL: "fetchInsecureURL"
            case .discoveryMismatch: "discoveryMismatch"
            case .malformedAuthorization: "malformedAuthorization"
            case .identityMismatch: "identityMismatch"
            case .invalidConfiguration: "invalidConfiguration"
            case .loginStateMissing: "loginStateMissing"
            case .loginStateMismatch: "loginStateMismatch"
            case .loginExpired: "loginExpired"
            case .loginDenied: "loginDenied"
            case .codeExchangeFailed: "codeExchangeFailed"
            case .nonceMismatch: "nonceMismatch"
            }
        }
    }

    /// The fixed reason.
    public let code: Code
    /// Context for logs, built from trusted values only (never token content).
    public let detail: String?
    /// The error that caused this one, when there is one (for logs).
    public let underlying: (any Error)?
    /// For `.keysUnavailable`: when a retry may succeed (the `Retry-After` value).
    public let retryAfter: Duration?
    /// Where the error was raised.
    public let file: String
    /// Where the error was raised.
    public let line: Int

    /// Creates an error.
    /// - Parameters:
    ///   - code: The fixed reason.
    ///   - detail: Context for logs; must not contain token content.
    ///   - underlying: The error that caused this one.
    ///   - retryAfter: For `.keysUnavailable`, when a retry may succeed.
    public init(
        _ code: Code,
        detail: String? = nil,
        underlying: (any Error)? = nil,
        retryAfter: Duration? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.detail = detail
        self.underlying = underlying
        self.retryAfter = retryAfter
        self.file = file
        self.line = line
    }

    public static func == (lhs: TokenGateError, rhs: TokenGateError) -> Bool {
        lhs.code == rhs.code
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
    }

    public var description: String {
        var text = "TokenGateError.\(self.code)"
        if let detail { text += ": \(detail)" }
        return text
    }
}
