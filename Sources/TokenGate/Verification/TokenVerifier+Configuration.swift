extension TokenVerifier {
    /// What a verifier accepts. Issuer and audience are required; everything else has a safe default.
    ///
    /// ```swift
    /// var configuration = TokenVerifier.Configuration(
    ///     issuer: "https://us-south.appid.cloud.ibm.com/oauth/v4/TENANT",
    ///     audience: .oneOf(["CLIENT_ID"])
    /// )
    /// configuration.tenant = "TENANT"
    /// configuration.leeway = .seconds(30)
    /// ```
    public struct Configuration: Sendable {
        /// `iss` must equal this exactly.
        public var issuer: String
        /// What `aud` must contain.
        public var audience: AudienceRequirement
        /// When set, the App ID `tenant` claim must equal it.
        public var tenant: String?
        /// Allowed clock difference for `exp`, `nbf` and `iat` (default 60 s; zero allowed).
        public var leeway: Duration = .seconds(60)
        /// Asymmetric algorithms accepted from the key set (default: all supported).
        /// HMAC algorithms here have no effect: they need ``secrets``.
        public var algorithms: Set<JWSAlgorithm> = Set(JWSAlgorithm.asymmetric)
        /// HMAC secrets for this issuer (see ``VerificationKey/hmac(secret:algorithm:keyID:)``).
        /// A token with an `HS*` algorithm is checked against these only, never against a JWKS.
        public var secrets: [VerificationKey] = []
        /// When set, the header's `typ` must be one of these (compared case-insensitively, an
        /// `application/` prefix ignored, RFC 7515 §4.1.9); for RFC 9068 access tokens use
        /// `["at+jwt"]`. A token without `typ` is then refused.
        public var allowedTypes: Set<String>?
        /// Tokens longer than this many bytes are refused before any decoding (default 16 KiB).
        public var maximumTokenLength: Int = 16 * 1024
        /// Custom checks, run in order after the built-in ones.
        public var validators: [ClaimValidator] = []

        /// Creates a configuration.
        /// - Parameters:
        ///   - issuer: The exact `iss` value tokens must carry.
        ///   - audience: What `aud` must contain.
        public init(issuer: String, audience: AudienceRequirement) {
            self.issuer = issuer
            self.audience = audience
        }
    }
}
