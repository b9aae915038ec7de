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
        /// `iss` must equal this exactly (or one of ``additionalIssuers``); with
        /// ``issuerTenants``, a template holding `{tenantid}`.
        public var issuer: String
        /// Other exact spellings of the issuer (Google signs with both `https://accounts.google.com`
        /// and `accounts.google.com`).
        public var additionalIssuers: [String] = []
        /// When set, ``issuer`` is a template: `{tenantid}` is replaced by the token's `tid`, which
        /// must be one of these tenants (`invalidTenant`); then `iss` must equal the result
        /// (Microsoft Entra ID multi-tenant applications).
        public var issuerTenants: IssuerTenants?
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
        /// The claims that carry the token's scopes (``VerifiedToken/scopes``), each a
        /// space-separated string or a JSON array of strings (default `scope` and `scp`).
        public var scopeClaims: [String] = ["scope", "scp"]
        /// Whether a scope claim that is neither a string nor an array of strings refuses the
        /// token (`malformedClaims`); by default such a claim only contributes no scope.
        public var requiresWellFormedScopes = false
        /// Where the token's roles, groups or permissions are (``VerifiedToken/roles``), for
        /// example `"roles"`, `"cognito:groups"` or `ClaimPath("realm_access", "roles")`; each a
        /// string or an array of strings (default: none).
        public var roleClaims: [ClaimPath] = []
        /// When set, `azp` must be one of these when present (OpenID Connect Core §3.1.3.7 as
        /// amended by errata set 2, which dropped the rule that several audiences require an
        /// `azp`); otherwise `invalidAuthorizedParty`.
        public var authorizedParties: Set<String>?
        /// When set, `iat` is required and may be at most this old (beyond the leeway);
        /// otherwise `tooOld` (or `missingClaim`).
        public var maximumAge: Duration?
        /// Claims that must be present (`missingClaim`) with one of the listed values, or any
        /// value when the list is empty (`claimMismatch`); an array claim matches when one of
        /// its elements does. Strings compare by their exact bytes.
        public var requiredClaims: [ClaimPath: [JSONValue]] = [:]
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
