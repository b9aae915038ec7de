import CoreMetrics
public import Logging
public import ServiceLifecycle

/// Protects API routes with bearer tokens, as IBM Cloud App ID's `APIStrategy` does, for any
/// OpenID Connect provider.
///
/// It reads `Authorization: Bearer <access_token> [<identity_token>]` (docs/behaviour.md), verifies the
/// access token and, when present, the identity token against the configured issuers (with
/// their cached key sets and the verified-token cache), checks the route's requirements, and
/// returns an ``AuthorizationContext`` or an ``AuthorizationFailure`` ready to be sent (docs/behaviour.md).
/// ``APIStrategyMiddleware`` runs it in any server's pipeline; it needs nothing from a request
/// but the `Authorization` field value.
///
/// It is also a `Service`: run it in your `ServiceGroup` and it keeps the key sets of its
/// issuers (and identity issuers) fresh until graceful shutdown.
///
/// ```swift
/// let strategy = APIStrategy(issuers: IssuerDirectory([appIDTenant]), configuration: .appID)
/// switch await strategy.authorize(authorizationField: request.headerFields[.authorization]?[...],
///                                 requirement: AccessRequirement(allOf: ["read"])) {
/// case .authorized(let context): … // serve
/// case .anonymous: …                 // only in `.optional` mode
/// case .refused(let failure): return strategy.response(for: failure)
/// }
/// ```
public struct APIStrategy: Service {
    /// The issuers access tokens may come from.
    public let issuers: IssuerDirectory
    /// The issuers identity tokens may come from (by default the same).
    public let identityIssuers: IssuerDirectory
    /// Answers and fixed requirements.
    public let configuration: Configuration
    let logger: Logger
    let metrics: Metrics
    /// What this strategy's contexts record as their origin (a number no other strategy has).
    let origin: AuthorizationOrigin
    /// ``Configuration/accessTokenTypes``, normalized as the verifier normalizes `typ`.
    let accessTokenTypes: Set<String>?
    /// The key sets ``run()`` keeps fresh: the issuers', then the identity issuers' when they
    /// were given apart.
    let keySets: [KeySetCache]

    /// Creates a strategy.
    /// - Parameters:
    ///   - issuers: The trusted issuers of access tokens.
    ///   - identityIssuers: The trusted issuers of identity tokens, when they differ (for
    ///     example when the access token's audience is an API and the identity token's the
    ///     client); `nil` uses `issuers`.
    ///   - configuration: Answers and fixed requirements.
    ///   - logger: Refusals are logged at `debug` with their fixed reason, never with a token.
    public init(
        issuers: IssuerDirectory,
        identityIssuers: IssuerDirectory? = nil,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "TokenGate.APIStrategy", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.issuers = issuers
        self.identityIssuers = identityIssuers ?? issuers
        self.configuration = configuration
        self.logger = logger
        self.metrics = Metrics(name: configuration.name, factory: configuration.metricsFactory)
        self.origin = AuthorizationOrigin(source: .bearerToken, strategy: Generation.next())
        self.accessTokenTypes = configuration.accessTokenTypes.map { Set($0.map(TokenVerifier.normalizeType)) }
        self.keySets = issuers.keySets + (identityIssuers?.keySets ?? [])
    }

    /// Creates a strategy for one issuer.
    /// - Parameters:
    ///   - issuer: The trusted issuer.
    ///   - configuration: Answers and fixed requirements.
    ///   - logger: As for ``init(issuers:identityIssuers:configuration:logger:)``.
    public init(
        issuer: IssuerVerifier,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "TokenGate.APIStrategy", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.init(issuers: IssuerDirectory([issuer]), configuration: configuration, logger: logger)
    }

    /// Decides a request.
    /// - Parameters:
    ///   - authorizationField: The request's `Authorization` field value (several fields
    ///     joined with `", "`, which is refused as malformed), or `nil`.
    ///   - requirement: What the route asks beyond a valid token.
    ///   - mode: Whether requests without credentials pass.
    /// - Returns: The context, `anonymous`, or the failure to answer with.
    public func authorize(
        authorizationField: Substring?,
        requirement: AccessRequirement = .none,
        mode: AuthenticationMode = .required
    ) async -> AuthorizationOutcome {
        let credentials: BearerCredentials?
        do {
            // The whole header is checked (both tokens' characters) before any cache lookup.
            credentials = try BearerCredentials.parse(
                authorizationField: authorizationField,
                maximumLength: self.configuration.maximumAuthorizationLength
            )
        } catch {
            return self.refuse(.invalidRequest, error: error, requirement: requirement)
        }
        guard let credentials else {
            if mode.allowsAnonymous {
                self.metrics.anonymous.increment()
                return .anonymous
            }
            return self.refuse(.noCredentials, error: nil, requirement: requirement)
        }
        let access: VerifiedToken
        do {
            access = try await self.issuers.verify(credentials.accessToken)
        } catch {
            return self.refuse(Self.kind(of: error), error: error, requirement: requirement)
        }
        if let types = self.accessTokenTypes, !Self.hasType(access, in: types) {
            return self.refuse(.invalidToken, error: TokenGateError(.disallowedType), requirement: requirement)
        }
        var identity: VerifiedToken?
        if let identityToken = credentials.identityToken {
            do throws(TokenGateError) {
                let verified = try await self.identityIssuers.verify(identityToken)
                if let types = self.accessTokenTypes, Self.hasType(verified, in: types) {
                    throw TokenGateError(.identityMismatch, detail: "access token in the identity token's place")
                }
                guard Self.sameValue(verified.claims.issuer, access.claims.issuer) else {
                    throw TokenGateError(.identityMismatch, detail: "identity token from another issuer")
                }
                let subject = try verified.identitySubject()
                if self.configuration.requireMatchingSubject, !Self.sameValue(subject, access.claims.subject) {
                    throw TokenGateError(.identityMismatch, detail: "identity token for another subject")
                }
                identity = verified
            } catch {
                return self.refuse(Self.kind(of: error), error: error, requirement: requirement)
            }
        }
        return await self.decide(AuthorizationContext(accessToken: access, identityToken: identity, origin: self.origin), requirement: requirement)
    }

    /// Decides a request inside a guard that may be nested in another: with a context that this
    /// strategy established from the request's bearer token (an outer guard of the same
    /// strategy), only this route's requirement is checked (no token is verified again);
    /// otherwise, whatever context is attached (another strategy's, a browser session's, one the
    /// application made), the `Authorization` field is read and verified. ``APIStrategyMiddleware``
    /// calls this; on `.anonymous` it detaches the context it passed, so the route never sees it.
    /// - Parameters:
    ///   - established: The context attached to the request so far, if any.
    ///   - authorizationField: The request's `Authorization` field value, or `nil`.
    ///   - requirement: What the route asks beyond a valid token.
    ///   - mode: Whether requests without credentials pass.
    public func authorize(
        established: AuthorizationContext?,
        authorizationField: @autoclosure () -> Substring?,
        requirement: AccessRequirement,
        mode: AuthenticationMode
    ) async -> AuthorizationOutcome {
        if let established, established.origin == self.origin {
            return await self.decide(established, requirement: requirement)
        }
        return await self.authorize(authorizationField: authorizationField(), requirement: requirement, mode: mode)
    }

    /// The decision for a verified context: the route's audience, the strategy's and the route's
    /// scopes, the route's roles, then the route's predicates (awaited only when there are some).
    private func decide(_ context: AuthorizationContext, requirement: AccessRequirement) async -> AuthorizationOutcome {
        if !requirement.audiences.isEmpty, !context.accessToken.claims.audience.contains(where: requirement.audiences.contains) {
            return self.refuse(.invalidToken, error: TokenGateError(.invalidAudience, detail: "route audience"), requirement: requirement)
        }
        for scope in self.configuration.requiredScopes where !context.hasScope(scope) {
            return self.refuse(.insufficientScope, error: nil, requirement: requirement)
        }
        for scope in requirement.allOf where !context.hasScope(scope) {
            return self.refuse(.insufficientScope, error: nil, requirement: requirement)
        }
        if !requirement.anyOf.isEmpty, !requirement.anyOf.contains(where: context.hasScope) {
            return self.refuse(.insufficientScope, error: nil, requirement: requirement)
        }
        for role in requirement.allOfRoles where !context.hasRole(role) {
            return self.refuse(.insufficientScope, error: nil, requirement: requirement)
        }
        if !requirement.anyOfRoles.isEmpty, !requirement.anyOfRoles.contains(where: context.hasRole) {
            return self.refuse(.insufficientScope, error: nil, requirement: requirement)
        }
        for predicate in requirement.predicates where await !predicate(context) {
            return self.refuse(.insufficientScope, error: nil, requirement: requirement)
        }
        self.metrics.authorized.increment()
        return .authorized(context)
    }

    /// The response for a refused request, built by ``Configuration/makeResponse``.
    public func response(for failure: AuthorizationFailure) -> PipelineResponse {
        self.configuration.makeResponse(failure)
    }

    /// Keeps the key sets of the issuers and identity issuers fresh (``KeySetRefreshService``)
    /// until cancelled or until graceful shutdown: add the strategy to your `ServiceGroup`.
    ///
    /// ```swift
    /// let group = ServiceGroup(services: [strategy, app], gracefulShutdownSignals: [.sigterm], logger: logger)
    /// try await group.run()
    /// ```
    public func run() async throws {
        try await KeySetRefreshService(caches: self.keySets).run()
    }

    /// The scopes a route's challenge lists: the strategy's, then the route's, each once.
    public func requiredScopes(for requirement: AccessRequirement) -> [String] {
        var scopes: [String] = []
        for scope in self.configuration.requiredScopes + requirement.allOf + requirement.anyOf where !scopes.contains(scope) {
            scopes.append(scope)
        }
        return scopes
    }

    /// Whether two claim values are both absent or have the same UTF-8 bytes.
    private static func sameValue(_ left: String?, _ right: String?) -> Bool {
        switch (left, right) {
        case (nil, nil): true
        case (let left?, let right?): left.hasSameUTF8(as: right)
        default: false
        }
    }

    /// Whether `token`'s `typ` is one of `types` (normalized).
    private static func hasType(_ token: VerifiedToken, in types: Set<String>) -> Bool {
        guard let type = token.header.type else { return false }
        return types.contains(TokenVerifier.normalizeType(type))
    }

    private static func kind(of error: TokenGateError) -> AuthorizationFailure.Kind {
        switch error.code {
        case .keysUnavailable, .fetchFailed, .fetchStatus, .fetchTimedOut, .fetchTooLarge, .fetchRedirectRefused,
            .fetchInsecureURL, .discoveryMismatch, .invalidKeySet:
            .unavailable
        case .malformedAuthorization:
            .invalidRequest
        default:
            .invalidToken
        }
    }

    private func refuse(_ kind: AuthorizationFailure.Kind, error: TokenGateError?, requirement: AccessRequirement) -> AuthorizationOutcome {
        let failure = AuthorizationFailure(
            kind: kind,
            error: error,
            realm: self.configuration.realm,
            requiredScopes: self.requiredScopes(for: requirement),
            includesDescription: self.configuration.includeErrorDescription
        )
        self.metrics.record(failure)
        self.logger.debug(
            "request refused",
            metadata: ["tokengate.kind": "\(kind)", "tokengate.reason": "\(error.map { "\($0.code)" } ?? "-")"]
        )
        return .refused(failure)
    }
}
