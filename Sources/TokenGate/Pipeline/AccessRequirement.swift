/// What one route asks of an authorized request beyond a valid token: scopes (all of, any
/// of), roles (all of, any of), audiences, and custom checks. Checked on every request, also
/// when the token came from the verified-token cache. A missing scope or role answers 403
/// `insufficient_scope`.
///
/// Roles are what the issuer's ``TokenVerifier/Configuration/roleClaims`` read from the access
/// token: Entra's `roles`, Keycloak's realm and client roles, Auth0's
/// `permissions`, Cognito's `cognito:groups`, Okta's `groups`. A role never stands in for a
/// scope, nor a scope for a role.
///
/// ```swift
/// let admin = AccessRequirement(allOf: ["admin"])
/// let readers = AccessRequirement(anyOf: ["read", "admin"], audiences: ["orders-api"])
/// let managers = AccessRequirement(anyOfRoles: ["Orders.Admin", "Orders.Manager"])
/// let owner = AccessRequirement { context in context.subject == "user-1" }
/// ```
public struct AccessRequirement: Sendable {
    /// Scopes the token must all carry.
    public var allOf: [String]
    /// Scopes of which the token must carry at least one (ignored when empty).
    public var anyOf: [String]
    /// Roles the token must all carry.
    public var allOfRoles: [String]
    /// Roles of which the token must carry at least one (ignored when empty).
    public var anyOfRoles: [String]
    /// Audiences of which the token's `aud` must contain one (ignored when empty).
    public var audiences: [String]
    /// Custom checks; each must return `true`. A `false` answers 403 `insufficient_scope`.
    public var predicates: [@Sendable (AuthorizationContext) async -> Bool]

    /// No requirement beyond a valid token (and the strategy's always-required scopes).
    public static let none = AccessRequirement()

    /// Creates a requirement.
    /// - Parameters:
    ///   - allOf: Scopes the token must all carry.
    ///   - anyOf: Scopes of which the token must carry one.
    ///   - allOfRoles: Roles the token must all carry.
    ///   - anyOfRoles: Roles of which the token must carry one.
    ///   - audiences: Audiences of which `aud` must contain one.
    ///   - predicate: A custom check.
    public init(
        allOf: [String] = [],
        anyOf: [String] = [],
        allOfRoles: [String] = [],
        anyOfRoles: [String] = [],
        audiences: [String] = [],
        predicate: (@Sendable (AuthorizationContext) async -> Bool)? = nil
    ) {
        self.allOf = allOf
        self.anyOf = anyOf
        self.allOfRoles = allOfRoles
        self.anyOfRoles = anyOfRoles
        self.audiences = audiences
        self.predicates = predicate.map { [$0] } ?? []
    }

    /// A requirement of scopes given as App ID writes them: one space-separated string.
    /// - Parameter scope: For example `"read write"`; empty items are ignored.
    public init(scope: String) {
        self.init(allOf: scope.split(separator: " ").map(String.init))
    }
}
