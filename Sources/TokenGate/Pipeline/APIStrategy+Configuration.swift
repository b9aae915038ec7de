public import CoreMetrics

extension APIStrategy {
    /// How the strategy answers and what it always requires.
    ///
    /// ```swift
    /// var configuration = APIStrategy.Configuration.appID   // realm "AppID", scope appid_default
    /// configuration.includeErrorDescription = false
    /// ```
    public struct Configuration: Sendable {
        /// The `realm` of every challenge (default `"api"`).
        public var realm: String = "api"
        /// Scopes every route requires, before the route's own (App ID: `appid_default`).
        public var requiredScopes: [String] = []
        /// Whether responses carry a fixed, safe `error_description` (default `true`).
        public var includeErrorDescription: Bool = true
        /// The longest `Authorization` value read (default 16 KiB); longer ones are 400.
        public var maximumAuthorizationLength: Int = BearerCredentials.defaultMaximumLength
        /// Whether an identity token must have the access token's `sub` (default `true`): a
        /// mismatch means someone paired tokens of two different users.
        public var requireMatchingSubject: Bool = true
        /// Builds the response for a refused request (default: ``AuthorizationFailure/defaultResponse()``).
        public var makeResponse: @Sendable (AuthorizationFailure) -> PipelineResponse = { $0.defaultResponse() }
        /// When set, the JOSE `typ` an access token must carry (compared case-insensitively, an
        /// `application/` prefix ignored): `["at+jwt"]` for issuers that follow RFC 9068, so that
        /// an identity token (`typ: JWT`) whose audience is accepted cannot pass as an access
        /// token. A token in the access slot without `typ` is then refused, and a token of one of
        /// these types is refused in the identity-token slot. Default `nil`: any type, as App ID's
        /// SDKs accept (App ID's identity tokens lack the `appid_default` scope its preset requires).
        public var accessTokenTypes: Set<String>?
        /// The value of the `strategy` metric dimension (configuration, never request data).
        public var name: String = "default"
        /// Where the request metrics are made (default: the factory `MetricsSystem.bootstrap`
        /// installed when this configuration was created).
        public var metricsFactory: any MetricsFactory = MetricsSystem.factory

        /// The defaults.
        public init() {}

        /// IBM Cloud App ID's conventions: `realm="AppID"`, and `appid_default` is always required.
        public static var appID: Configuration {
            var configuration = Configuration()
            configuration.realm = "AppID"
            configuration.requiredScopes = ["appid_default"]
            configuration.name = "appid"
            return configuration
        }
    }
}
