import HTTPTypes
import Testing
import TokenGateTesting

@testable import TokenGate

/// One provider's tokens as its documentation describes them, signed with a key generated here.
struct ProviderShape: Sendable, CustomTestStringConvertible {
    let name: String
    /// Builds the preset with a fetcher that serves the test key set wherever the preset looks.
    let issuer: @Sendable (InMemoryJWKSFetcher) -> IssuerVerifier
    /// Where the preset fetches: a JWKS URL, or a discovery URL with its issuer.
    let keyURL: String
    let discoveryIssuer: String?
    /// An access token's claims as the provider documents them (times added by the test).
    let claims: [String: JSONValue]
    let scopes: [String]
    let roles: [String]
    /// Changes that must make the token refused, with the code.
    let refusals: [(change: [String: JSONValue], code: TokenGateError.Code)]

    var testDescription: String { self.name }

    static let key = try! TestSigningKey.generate(.rs256, keyID: "provider-key")

    static let entraTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let otherTenant = "9188040d-6c67-4c5b-b112-36a304b66dad"

    static let all: [ProviderShape] = [
        ProviderShape(
            name: "App ID",
            issuer: {
                .appID(
                    AppIDCredentials(
                        clientID: "client-1",
                        tenantID: "tenant-1",
                        oauthServerURL: "https://us-south.appid.cloud.ibm.com/oauth/v4/tenant-1"
                    ),
                    fetcher: $0
                )
            },
            keyURL: "https://us-south.appid.cloud.ibm.com/oauth/v4/tenant-1/publickeys",
            discoveryIssuer: nil,
            claims: [
                "iss": "https://us-south.appid.cloud.ibm.com/oauth/v4/tenant-1", "aud": ["client-1"], "tenant": "tenant-1", "sub": "u1",
                "scope": "openid appid_default appid_readuserattr", "amr": ["cloud_directory"],
            ],
            scopes: ["openid", "appid_default", "appid_readuserattr"],
            roles: [],
            refusals: [(["tenant": "tenant-2"], .invalidTenant), (["aud": ["client-2"]], .invalidAudience)]
        ),
        ProviderShape(
            name: "Entra ID v2, one tenant",
            issuer: { .entra(tenants: .oneOf([entraTenant]), audiences: ["api-client-id"], fetcher: $0) },
            keyURL: "https://login.microsoftonline.com/\(entraTenant)/discovery/v2.0/keys",
            discoveryIssuer: nil,
            claims: [
                "iss": .string("https://login.microsoftonline.com/\(entraTenant)/v2.0"), "aud": "api-client-id", "tid": .string(entraTenant),
                "scp": "User.Read Orders.Write", "roles": ["Orders.Admin"], "azp": "spa-client", "ver": "2.0", "oid": "o1", "sub": "s1",
            ],
            scopes: ["User.Read", "Orders.Write"],
            roles: ["Orders.Admin"],
            refusals: [
                (["tid": .string(otherTenant), "iss": .string("https://login.microsoftonline.com/\(otherTenant)/v2.0")], .invalidTenant),
                (["iss": .string("https://login.microsoftonline.com/\(otherTenant)/v2.0")], .invalidIssuer),
                (["aud": "00000003-0000-0000-c000-000000000000"], .invalidAudience),  // a Microsoft Graph token
            ]
        ),
        ProviderShape(
            name: "Entra ID v1, any tenant",
            issuer: { .entra(tenants: .any, audiences: ["api://orders"], version: .v1, fetcher: $0) },
            keyURL: "https://login.microsoftonline.com/common/discovery/keys",  // v1.0 tokens: the v1.0 keys
            discoveryIssuer: nil,
            claims: [
                "iss": .string("https://sts.windows.net/\(otherTenant)/"), "aud": "api://orders", "tid": .string(otherTenant),
                "scp": "user_impersonation", "roles": ["Orders.Reader"], "groups": ["Orders.Admin"], "appid": "spa-client", "ver": "1.0",
                "sub": "s1",
            ],
            scopes: ["user_impersonation"],
            // Groups are not roles unless asked for: a group's display name is chosen by whoever
            // may create groups.
            roles: ["Orders.Reader"],
            refusals: [
                (["tid": "a/b", "iss": "https://sts.windows.net/a/b/"], .invalidTenant),
                // Microsoft: "Validate that the tid claim is a GUID".
                (["tid": "contoso", "iss": "https://sts.windows.net/contoso/"], .invalidTenant),
                (
                    ["tid": "72f988bf-86f1-41af-91ab-2d7cd011db4", "iss": "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db4/"],
                    .invalidTenant
                ),
                (
                    ["tid": "72f988bg-86f1-41af-91ab-2d7cd011db47", "iss": "https://sts.windows.net/72f988bg-86f1-41af-91ab-2d7cd011db47/"],
                    .invalidTenant
                ),
                (["iss": .string("https://login.microsoftonline.com/\(otherTenant)/v2.0")], .invalidIssuer),
            ]
        ),
        ProviderShape(
            name: "Auth0",
            issuer: { .auth0(domain: "example.eu.auth0.com", audience: "https://api.example.com", fetcher: $0) },
            keyURL: "https://example.eu.auth0.com/.well-known/jwks.json",
            discoveryIssuer: nil,
            claims: [
                "iss": "https://example.eu.auth0.com/", "aud": ["https://api.example.com", "https://example.eu.auth0.com/userinfo"],
                "azp": "spa-client", "scope": "openid profile read:orders", "permissions": ["read:orders", "delete:orders"], "sub": "auth0|1",
            ],
            scopes: ["openid", "profile", "read:orders"],
            roles: ["read:orders", "delete:orders"],
            refusals: [(["iss": "https://example.eu.auth0.com"], .invalidIssuer), (["aud": "https://other.example.com"], .invalidAudience)]
        ),
        ProviderShape(
            name: "Okta",
            issuer: { .okta(domain: "example.okta.com", audience: "api://default", fetcher: $0) },
            keyURL: "https://example.okta.com/oauth2/default/v1/keys",
            discoveryIssuer: nil,
            claims: [
                "iss": "https://example.okta.com/oauth2/default", "aud": "api://default", "cid": "spa-client", "uid": "00u1",
                "scp": ["openid", "orders.read"], "groups": ["Everyone", "Admins"], "ver": 1, "sub": "ada@example.com",
            ],
            scopes: ["openid", "orders.read"],
            roles: ["Everyone", "Admins"],
            refusals: [(["iss": "https://example.okta.com"], .invalidIssuer)]
        ),
        ProviderShape(
            name: "Keycloak",
            issuer: { .keycloak(baseURL: "https://sso.example.com", realm: "staff", clientID: "orders-api", fetcher: $0) },
            keyURL: "https://sso.example.com/realms/staff/.well-known/openid-configuration",
            discoveryIssuer: "https://sso.example.com/realms/staff",
            claims: [
                "iss": "https://sso.example.com/realms/staff", "aud": "account", "azp": "orders-api", "typ": "Bearer",
                "scope": "openid email", "realm_access": ["roles": ["offline_access", "staff"]],
                "resource_access": ["orders-api": ["roles": ["orders-admin"]], "account": ["roles": ["manage-account"]]], "sub": "k1",
            ],
            scopes: ["openid", "email"],
            roles: ["offline_access", "staff", "orders-admin"],
            refusals: [(["typ": "ID"], .claimMismatch), (["azp": "other-client"], .claimMismatch)]
        ),
        ProviderShape(
            name: "Cognito access token",
            issuer: { .cognito(region: "eu-west-1", userPoolID: "eu-west-1_AbCdEf", clientID: "app-client", fetcher: $0) },
            keyURL: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf/.well-known/jwks.json",
            discoveryIssuer: nil,
            claims: [
                "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf", "client_id": "app-client", "token_use": "access",
                "scope": "aws.cognito.signin.user.admin orders/read", "cognito:groups": ["admins"], "username": "ada", "sub": "c1",
            ],
            scopes: ["aws.cognito.signin.user.admin", "orders/read"],
            roles: ["admins"],
            refusals: [(["token_use": "id"], .claimMismatch), (["client_id": "other"], .claimMismatch)]
        ),
        ProviderShape(
            name: "Google",
            issuer: { .google(clientID: "1234.apps.googleusercontent.com", fetcher: $0) },
            keyURL: "https://accounts.google.com/.well-known/openid-configuration",
            discoveryIssuer: "https://accounts.google.com",
            claims: [
                "iss": "accounts.google.com", "aud": "1234.apps.googleusercontent.com", "azp": "1234.apps.googleusercontent.com",
                "email": "ada@example.com", "email_verified": true, "hd": "example.com", "sub": "110169484474386276334",
            ],
            scopes: [],
            roles: [],
            refusals: [(["iss": "https://accounts.google.com/"], .invalidIssuer), (["aud": "5678.apps.googleusercontent.com"], .invalidAudience)]
        ),
        ProviderShape(
            name: "Firebase",
            issuer: { .firebase(projectID: "my-project", fetcher: $0) },
            keyURL: "https://securetoken.google.com/my-project/.well-known/openid-configuration",
            discoveryIssuer: "https://securetoken.google.com/my-project",
            claims: [
                "iss": "https://securetoken.google.com/my-project", "aud": "my-project", "sub": "f1", "auth_time": 1_700_000_000,
                "firebase": ["sign_in_provider": "password"],
            ],
            scopes: [],
            roles: [],
            refusals: [
                (["sub": ""], .validationFailed), (["sub": .null], .malformedClaims), (["sub": 7], .malformedClaims),
                (["sub": .string(String(repeating: "s", count: 129))], .validationFailed),
                (["aud": "other-project"], .invalidAudience),
            ]
        ),
        ProviderShape(
            name: "Generic OIDC (Spring Authorization Server: scope as an array)",
            issuer: { .oidc(issuer: "https://auth.example.com", audiences: ["orders-client"], fetcher: $0) },
            keyURL: "https://auth.example.com/.well-known/openid-configuration",
            discoveryIssuer: "https://auth.example.com",
            claims: ["iss": "https://auth.example.com", "aud": ["orders-client"], "scope": ["orders.read", "orders.write"], "sub": "s"],
            scopes: ["orders.read", "orders.write"],
            roles: [],
            refusals: [(["aud": ["other"]], .invalidAudience)]
        ),
    ]

    /// The fetcher serving the key set (and the discovery document naming it) where the preset looks.
    func fetcher() -> InMemoryJWKSFetcher {
        let fetcher = InMemoryJWKSFetcher()
        let jwks = TestSigningKey.jwksJSON([Self.key])
        if let discoveryIssuer {
            let jwksURL = discoveryIssuer + "/test-keys"
            fetcher.serve(#"{"issuer":"\#(discoveryIssuer)","jwks_uri":"\#(jwksURL)"}"#, at: self.keyURL)
            fetcher.serve(jwks, at: jwksURL)
        } else {
            fetcher.serve(jwks, at: self.keyURL)
        }
        return fetcher
    }

    func token(_ change: [String: JSONValue] = [:]) throws -> String {
        let now = Int64(SystemWallClock().currentDate().secondsSinceEpoch)
        var claims = self.claims
        claims["iat"] = .number(JSONNumber(now - 10))
        claims["exp"] = .number(JSONNumber(now + 3600))
        claims.merge(change) { $1 }
        return try Self.key.token(claims: claims)
    }
}

@Suite("Provider presets: each provider's documented token shapes")
struct ProviderPresetTests {
    @Test("Accepted, with the provider's scopes and roles", arguments: ProviderShape.all)
    func accepted(shape: ProviderShape) async throws {
        let issuer = shape.issuer(shape.fetcher())
        let verified = try await issuer.verify(try shape.token())
        #expect(verified.scopes == shape.scopes)
        #expect(verified.roles == shape.roles)
        #expect(issuer.tokenCache != nil, "the preset has the verified-token cache on")
        // Through the neutral pipeline: the context carries them.
        let strategy = APIStrategy(issuer: issuer)
        guard case .authorized(let context) = await strategy.authorize(authorizationField: "Bearer \(try shape.token())"[...]) else {
            Issue.record("refused")
            return
        }
        #expect(context.scopes == Set(shape.scopes))
        for scope in shape.scopes { #expect(context.hasScope(scope)) }
        #expect(context.roles == Set(shape.roles))
        for role in shape.roles { #expect(context.hasRole(role)) }
        #expect(!context.hasRole("not-a-role"))
        // Route requirements by role: all of, any of; a missing one is 403 like a missing scope.
        let token = try shape.token()
        for (requirement, allowed) in Self.roleRequirements(for: shape) {
            let outcome = await strategy.authorize(authorizationField: "Bearer \(token)"[...], requirement: requirement)
            switch outcome {
            case .authorized: #expect(allowed, "\(requirement.allOfRoles) \(requirement.anyOfRoles)")
            case .refused(let failure):
                #expect(!allowed, "\(requirement.allOfRoles) \(requirement.anyOfRoles)")
                #expect(failure.kind == .insufficientScope)
                #expect(failure.kind.status == .forbidden)
            case .anonymous: Issue.record("anonymous")
            }
        }
    }

    /// Role requirements for `shape`'s token, each with whether it is met.
    static func roleRequirements(for shape: ProviderShape) -> [(AccessRequirement, Bool)] {
        var requirements: [(AccessRequirement, Bool)] = [
            (AccessRequirement(allOfRoles: shape.roles), true),
            (AccessRequirement(allOfRoles: shape.roles + ["not-a-role"]), false),
            (AccessRequirement(anyOfRoles: ["not-a-role"]), false),
        ]
        if let first = shape.roles.first {
            requirements.append((AccessRequirement(anyOfRoles: ["not-a-role", first]), true))
            requirements.append((AccessRequirement(allOf: shape.scopes, anyOfRoles: [first]), true))
            // A role is never taken for a scope, nor a scope for a role.
            requirements.append((AccessRequirement(allOf: [first]), shape.scopes.contains(first)))
        }
        if let scope = shape.scopes.first {
            requirements.append((AccessRequirement(anyOfRoles: [scope]), shape.roles.contains(scope)))
        }
        return requirements
    }

    @Test("Refused for another tenant, audience, issuer or token use", arguments: ProviderShape.all)
    func refused(shape: ProviderShape) async throws {
        let issuer = shape.issuer(shape.fetcher())
        for (change, code) in shape.refusals {
            let error = await asyncTokenError { _ = try await issuer.verify(try shape.token(change)) }
            #expect(error?.code == code, "\(change)")
        }
    }

    @Test("Entra groups count as roles only when the application asks for them")
    func entraGroups() async throws {
        let shape = try #require(ProviderShape.all.first { $0.name == "Entra ID v1, any tenant" })
        let withGroups = IssuerVerifier.entra(tenants: .any, audiences: ["api://orders"], version: .v1, fetcher: shape.fetcher()) {
            $0.roleClaims.append("groups")
        }
        let verified = try await withGroups.verify(try shape.token())
        #expect(verified.roles == ["Orders.Reader", "Orders.Admin"])
    }

    @Test("Entra's common keys name their issuer: a key tied to one tenant verifies only that tenant's tokens")
    func entraKeyIssuer() async throws {
        let tenantKey = try TestSigningKey.generate(.rs256, keyID: "tenant-key")
        var common = ProviderShape.key.publicJWK(includeAlgorithm: false)
        common["issuer"] = "https://login.microsoftonline.com/{tenantid}/v2.0"
        var tied = tenantKey.publicJWK(includeAlgorithm: false)
        tied["issuer"] = .string("https://login.microsoftonline.com/\(ProviderShape.entraTenant)/v2.0")
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(
            JSONValue.object(["keys": [.object(common), .object(tied)]]).serialized,
            at: "https://login.microsoftonline.com/common/discovery/v2.0/keys"
        )
        let issuer = IssuerVerifier.entra(tenants: .any, audiences: ["api-client-id"], fetcher: fetcher)
        let now = Int64(SystemWallClock().currentDate().secondsSinceEpoch)
        func claims(_ tenant: String) -> [String: JSONValue] {
            [
                "iss": .string("https://login.microsoftonline.com/\(tenant)/v2.0"), "aud": "api-client-id", "tid": .string(tenant),
                "sub": "s", "iat": .number(JSONNumber(now - 10)), "exp": .number(JSONNumber(now + 3600)),
            ]
        }
        // The common key verifies any tenant's tokens; the tied key only its own tenant's.
        _ = try await issuer.verify(try ProviderShape.key.token(claims: claims(ProviderShape.otherTenant)))
        _ = try await issuer.verify(try tenantKey.token(claims: claims(ProviderShape.entraTenant)))
        let error = await asyncTokenError { _ = try await issuer.verify(try tenantKey.token(claims: claims(ProviderShape.otherTenant))) }
        #expect(error?.code == .invalidIssuer)
    }

    @Test(
        "A key tied to an issuer template needs the token's tid: a GUID that fills it to the token's iss",
        arguments: [
            (JSONValue?.none, "11111111-1111-1111-1111-111111111111", String?.some("the key's issuer needs a tenant")),
            (.string("not-a-guid"), "not-a-guid", "the key's issuer needs a tenant"),  // would fill it exactly
            (.number(JSONNumber(7)), "7", "the key's issuer needs a tenant"),
            (.string("22222222-2222-2222-2222-222222222222"), "11111111-1111-1111-1111-111111111111", "not the key's issuer"),
            (.string("11111111-1111-1111-1111-111111111111"), "11111111-1111-1111-1111-111111111111", nil),
        ]
    )
    func keyIssuerTemplate(tenant: JSONValue?, issuerTenant: String, refusal: String?) throws {
        let issuer = "https://login.example/\(issuerTenant)/v2.0"
        var jwk = Fixtures.es256.publicJWK()
        jwk["issuer"] = "https://login.example/{tenantid}/v2.0"
        let keys = try KeySet(jwksJSON: JSONValue.object(["keys": [.object(jwk)]]).serialized)
        var claims = Fixtures.claims(["iss": .string(issuer)])
        claims["tid"] = tenant
        let token = try Fixtures.es256.token(claims: claims)
        let error = tokenError { _ = try Fixtures.verifier { $0.issuer = issuer }.verify(token, keys: keys, now: Fixtures.now) }
        #expect(error?.code == (refusal == nil ? nil : .invalidIssuer))
        #expect(error?.detail == refusal)
    }

    @Test("A key's issuer binds for any provider; a key whose issuer is not a string is skipped, never fatal")
    func keyIssuerAnyProvider() async throws {
        let shape = try #require(ProviderShape.all.first { $0.name.hasPrefix("Generic OIDC") })
        let other = try TestSigningKey.generate(.es256, keyID: "other-key")
        var tied = ProviderShape.key.publicJWK(includeAlgorithm: false)
        tied["issuer"] = "https://auth.example.com"
        var elsewhere = other.publicJWK(includeAlgorithm: false)
        elsewhere["issuer"] = "https://elsewhere.example.com"
        var mistyped = try TestSigningKey.generate(.es256, keyID: "mistyped-key").publicJWK(includeAlgorithm: false)
        mistyped["issuer"] = ["https://auth.example.com"]
        let document = JSONValue.object(["keys": [.object(tied), .object(elsewhere), .object(mistyped)]]).serialized
        let keys = try KeySet(jwksJSON: document)
        #expect(keys.keys.count == 2)
        #expect(keys.skipped.map(\.keyID) == ["mistyped-key"])
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(#"{"issuer":"https://auth.example.com","jwks_uri":"https://auth.example.com/test-keys"}"#, at: shape.keyURL)
        fetcher.serve(document, at: "https://auth.example.com/test-keys")
        let issuer = shape.issuer(fetcher)
        let now = Int64(SystemWallClock().currentDate().secondsSinceEpoch)
        let claims: [String: JSONValue] = [
            "iss": "https://auth.example.com", "aud": ["orders-client"], "sub": "s",
            "iat": .number(JSONNumber(now - 10)), "exp": .number(JSONNumber(now + 3600)),
        ]
        _ = try await issuer.verify(try ProviderShape.key.token(claims: claims))
        // A key the key set ties to another issuer cannot vouch for this issuer's tokens.
        let error = await asyncTokenError { _ = try await issuer.verify(try other.token(claims: claims)) }
        #expect(error?.code == .invalidIssuer)
    }

    @Test("Several providers in one directory: each token is routed to its issuer, Entra's by its tenant template")
    func directory() async throws {
        let shapes = ProviderShape.all.filter { $0.name != "App ID" }
        let directory = IssuerDirectory(shapes.map { $0.issuer($0.fetcher()) })
        for shape in shapes {
            let verified = try await directory.verify(try shape.token())
            #expect(verified.scopes == shape.scopes, "\(shape.name)")
        }
        let unknown = await asyncTokenError {
            _ = try await directory.verify(try ProviderShape.all[3].token(["iss": "https://unknown.example/"]))
        }
        #expect(unknown?.code == .invalidIssuer)
    }
}
