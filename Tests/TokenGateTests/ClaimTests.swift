import Testing
import TokenGateTesting

@testable import TokenGate

@Suite("Claims")
struct ClaimTests {
    private func code(
        _ claims: [String: JSONValue],
        header: [String: JSONValue] = [:],
        now: NumericDate = Fixtures.now,
        configure: (inout TokenVerifier.Configuration) -> Void = { _ in }
    ) throws -> TokenGateError.Code? {
        let token = try Fixtures.es256.token(claims: claims, header: header)
        return verificationCode(Fixtures.verifier(configure), token, keys: Fixtures.keySet, now: now)
    }

    private static let t = Int64(Fixtures.now.secondsSinceEpoch)

    struct TimeCase: Sendable, CustomTestStringConvertible {
        let name: String
        let claims: [String: JSONValue]
        let leeway: Int64
        let expected: TokenGateError.Code?
        var testDescription: String { name }
    }

    static let timeCases: [TimeCase] = [
        TimeCase(name: "exp in the future", claims: ["exp": .number(JSONNumber(t + 1))], leeway: 0, expected: nil),
        TimeCase(name: "exp now (leeway 0)", claims: ["exp": .number(JSONNumber(t))], leeway: 0, expected: .expired),
        TimeCase(name: "exp 59 s ago (leeway 60)", claims: ["exp": .number(JSONNumber(t - 59))], leeway: 60, expected: nil),
        TimeCase(name: "exp 60 s ago (leeway 60)", claims: ["exp": .number(JSONNumber(t - 60))], leeway: 60, expected: .expired),
        TimeCase(name: "exp fractional, just ahead", claims: ["exp": .number(JSONNumber(uncheckedLiteral: "\(t).5"))], leeway: 0, expected: nil),
        TimeCase(
            name: "exp fractional, just past",
            claims: ["exp": .number(JSONNumber(uncheckedLiteral: "\(t - 1).5"))],
            leeway: 0,
            expected: .expired
        ),
        TimeCase(name: "exp as exponent literal", claims: ["exp": .number(JSONNumber(uncheckedLiteral: "1.8e9"))], leeway: 0, expected: nil),
        TimeCase(name: "nbf in the future beyond leeway", claims: ["nbf": .number(JSONNumber(t + 61))], leeway: 60, expected: .notYetValid),
        TimeCase(name: "nbf in the future within leeway", claims: ["nbf": .number(JSONNumber(t + 60))], leeway: 60, expected: nil),
        TimeCase(name: "nbf now (leeway 0)", claims: ["nbf": .number(JSONNumber(t))], leeway: 0, expected: nil),
        TimeCase(name: "iat in the future beyond leeway", claims: ["iat": .number(JSONNumber(t + 61))], leeway: 60, expected: .issuedInFuture),
        TimeCase(name: "iat in the future within leeway", claims: ["iat": .number(JSONNumber(t + 30))], leeway: 60, expected: nil),
        TimeCase(name: "nbf as a string", claims: ["nbf": .string("\(t)")], leeway: 60, expected: .malformedClaims),
        TimeCase(name: "iat negative", claims: ["iat": .number(JSONNumber(-5))], leeway: 60, expected: .malformedClaims),
    ]

    @Test("exp, nbf and iat with one leeway", arguments: timeCases)
    func times(timeCase: TimeCase) throws {
        let result = try code(Fixtures.claims(timeCase.claims)) { $0.leeway = .seconds(timeCase.leeway) }
        #expect(result == timeCase.expected)
    }

    /// The application's own claims type.
    struct Profile: Decodable, Equatable {
        let sub: String
        let scope: String
        let roles: [String]
        let email: String?
    }

    @Test("Typed claims: the payload decodes into the application's own Decodable type; a wrong shape is malformedClaims")
    func typedClaims() throws {
        let token = try Fixtures.es256.token(claims: Fixtures.claims(["sub": "user-7", "scope": "read write", "roles": ["admin"]]))
        let verified = try Fixtures.verifier().verify(token, keys: Fixtures.keySet, now: Fixtures.now)
        let profile = try verified.claims(as: Profile.self)
        #expect(profile == Profile(sub: "user-7", scope: "read write", roles: ["admin"], email: nil))
        struct Numbered: Decodable { let sub: Int }
        let error = tokenError { _ = try verified.claims(as: Numbered.self) }
        #expect(error?.code == .malformedClaims)
    }

    @Test("The payload as signed")
    func payloadJSON() throws {
        let token = try Fixtures.es256.token(claims: Fixtures.claims(["sub": "user-7"]))
        let verified = try Fixtures.verifier().verify(token, keys: Fixtures.keySet, now: Fixtures.now)
        #expect(try JSONParser.parse(verified.payloadJSON)["sub"] == "user-7")
        #expect(verified.payloadJSON == Base64URL.decode(token.split(separator: ".")[1]))
    }

    @Test("Required claims", arguments: ["iss", "exp", "aud"])
    func required(name: String) throws {
        #expect(try code(Fixtures.claims(removing: [name])) == .missingClaim)
    }

    @Test("iss must match exactly")
    func issuer() throws {
        for issuer in [Fixtures.issuer + "/", Fixtures.issuer.uppercased(), "https://evil.example", ""] {
            #expect(try code(Fixtures.claims(["iss": .string(issuer)])) == .invalidIssuer)
        }
        #expect(try code(Fixtures.claims(["iss": 1])) == .malformedClaims)
        #expect(try code(Fixtures.claims(["iss": [.string(Fixtures.issuer)]])) == .malformedClaims)
    }

    @Test("aud as a string or an array must hold a configured audience")
    func audience() throws {
        #expect(try code(Fixtures.claims(["aud": .string(Fixtures.audience)])) == nil)
        #expect(try code(Fixtures.claims(["aud": ["other", .string(Fixtures.audience)]])) == nil)
        #expect(try code(Fixtures.claims(["aud": ["other"]])) == .invalidAudience)
        #expect(try code(Fixtures.claims(["aud": []])) == .invalidAudience)
        #expect(try code(Fixtures.claims(["aud": "other"])) == .invalidAudience)
        #expect(try code(Fixtures.claims(["aud": 1])) == .malformedClaims)
        #expect(try code(Fixtures.claims(["aud": [.string(Fixtures.audience), 1]])) == .malformedClaims)
        #expect(try code(Fixtures.claims(["aud": "other"])) { $0.audience = .oneOf(["a", "other"]) } == nil)
        #expect(try code(Fixtures.claims(["aud": "other"])) { $0.audience = .oneOf([]) } == .invalidAudience)
        #expect(try code(Fixtures.claims(removing: ["aud"])) { $0.audience = .unchecked } == nil)
        #expect(try code(Fixtures.claims(["aud": 1])) { $0.audience = .unchecked } == .malformedClaims)
    }

    @Test("App ID tenant must match when configured")
    func tenant() throws {
        #expect(try code(Fixtures.claims()) { $0.tenant = "tenant-1" } == nil)
        #expect(try code(Fixtures.claims(["tenant": "tenant-2"])) { $0.tenant = "tenant-1" } == .invalidTenant)
        #expect(try code(Fixtures.claims(removing: ["tenant"])) { $0.tenant = "tenant-1" } == .missingClaim)
        #expect(try code(Fixtures.claims(["tenant": 1])) { $0.tenant = "tenant-1" } == .malformedClaims)
        #expect(try code(Fixtures.claims(["tenant": "other"])) == nil)  // not configured: not checked
    }

    @Test("typ allow-list (RFC 9068 at+jwt), case-insensitive, application/ prefix ignored")
    func type() throws {
        let strict: (inout TokenVerifier.Configuration) -> Void = { $0.allowedTypes = ["at+jwt"] }
        #expect(try code(Fixtures.claims(), header: ["typ": "at+jwt"], configure: strict) == nil)
        #expect(try code(Fixtures.claims(), header: ["typ": "application/AT+JWT"], configure: strict) == nil)
        #expect(try code(Fixtures.claims(), header: ["typ": "JWT"], configure: strict) == .disallowedType)
        #expect(try code(Fixtures.claims(), header: ["typ": nil], configure: strict) == .malformedHeader)
        #expect(try code(Fixtures.claims(), header: ["typ": "JWT"]) == nil)
    }

    @Test("sub and jti must be strings when present; a mistyped scope claim only refuses with requiresWellFormedScopes")
    func stringClaims() throws {
        for name in ["sub", "jti"] {
            #expect(try code(Fixtures.claims([name: 5])) == .malformedClaims)
        }
        for value: JSONValue in [5, true, ["read", 5], ["nested": "x"]] {
            #expect(try code(Fixtures.claims(["scope": value])) == nil)
            #expect(try code(Fixtures.claims(["scp": value])) == nil)
            #expect(try code(Fixtures.claims(["scope": value])) { $0.requiresWellFormedScopes = true } == .malformedClaims)
        }
        #expect(try code(Fixtures.claims(["scope": ["read", "write"]])) { $0.requiresWellFormedScopes = true } == nil)
    }

    @Test("Scopes in every shape: scope and scp, each a space-separated string or an array; the claims read are configurable")
    func scopeShapes() throws {
        let cases: [(claims: [String: JSONValue], scopes: [String])] = [
            (["scope": "read  write read"], ["read", "write"]),
            (["scope": ["read", "write", ""]], ["read", "write"]),
            (["scp": "User.Read Mail.Send"], ["User.Read", "Mail.Send"]),
            (["scp": ["api.read"]], ["api.read"]),
            (["scope": "openid", "scp": ["api.read", "openid"]], ["openid", "api.read"]),
            (["scope": 5, "scp": "x"], ["x"]),
            ([:], []),
        ]
        for (claims, scopes) in cases {
            let token = try Fixtures.es256.token(claims: Fixtures.claims(claims, removing: claims["scope"] == nil ? ["scope"] : []))
            let verified = try Fixtures.verifier().verify(token, keys: Fixtures.keySet, now: Fixtures.now)
            #expect(verified.scopes == scopes, "\(claims)")
            for scope in scopes { #expect(verified.hasScope(scope), "\(claims) \(scope)") }
            #expect(!verified.hasScope("rea") && !verified.hasScope("") && !verified.hasScope("read write"))
        }
        let token = try Fixtures.es256.token(claims: Fixtures.claims(["scope": "a", "permissions": ["b", "c"]]))
        let only = try Fixtures.verifier { $0.scopeClaims = ["permissions"] }.verify(token, keys: Fixtures.keySet, now: Fixtures.now)
        #expect(only.scopes == ["b", "c"])
        #expect(only.hasScope("c") && !only.hasScope("a"))
    }

    @Test("Roles, groups and permissions from configured claim paths, nested ones included; other shapes contribute nothing")
    func roles() throws {
        let claims: [String: JSONValue] = [
            "roles": ["Admin", "Reader", 7],
            "cognito:groups": ["ops"],
            "https://example.com/roles": "editor",
            "realm_access": ["roles": ["realm-user", "Admin"]],
            "resource_access": ["my-api": ["roles": ["api-writer"]], "other": ["roles": ["no"]]],
            "groups": 5,
        ]
        let token = try Fixtures.es256.token(claims: Fixtures.claims(claims))
        let verifier = Fixtures.verifier {
            $0.roleClaims = [
                "roles", "cognito:groups", "https://example.com/roles", ClaimPath("realm_access", "roles"),
                ClaimPath("resource_access", "my-api", "roles"), "groups", ClaimPath("missing", "roles"),
            ]
        }
        let verified = try verifier.verify(token, keys: Fixtures.keySet, now: Fixtures.now)
        #expect(verified.roles == ["Admin", "Reader", "ops", "editor", "realm-user", "api-writer"])
        #expect(verified.hasRole("api-writer") && !verified.hasRole("no") && !verified.hasRole("admin"))
        // hasRole reads in place what roles builds: the same answer for each, by bytes.
        for role in verified.roles { #expect(verified.hasRole(role), "\(role)") }
        for other in ["7", "", "groups", "5", "Re\u{61}der ", "\u{212A}", "Admin\u{301}"] { #expect(!verified.hasRole(other), "\(other)") }
        let plain = try Fixtures.verifier().verify(token, keys: Fixtures.keySet, now: Fixtures.now)
        #expect(plain.roles.isEmpty)
    }

    @Test("azp: checked when present and authorized parties are configured (not required with several audiences, per OIDC Core errata 2)")
    func authorizedParty() throws {
        let parties: (inout TokenVerifier.Configuration) -> Void = { $0.authorizedParties = [Fixtures.audience] }
        #expect(try code(Fixtures.claims(["azp": .string(Fixtures.audience)]), configure: parties) == nil)
        #expect(try code(Fixtures.claims(["azp": "someone-else"]), configure: parties) == .invalidAuthorizedParty)
        #expect(try code(Fixtures.claims(["azp": 5]), configure: parties) == .malformedClaims)
        #expect(try code(Fixtures.claims(), configure: parties) == nil)  // one audience, no azp
        let several: [String: JSONValue] = ["aud": [.string(Fixtures.audience), "other"]]
        #expect(try code(Fixtures.claims(several), configure: parties) == nil)
        #expect(try code(Fixtures.claims(several.merging(["azp": .string(Fixtures.audience)]) { $1 }), configure: parties) == nil)
        #expect(try code(Fixtures.claims(["azp": "someone-else"])) == nil)  // not configured: not checked
    }

    @Test("Maximum age: iat required and at most that old, beyond the leeway")
    func maximumAge() throws {
        let hour: (inout TokenVerifier.Configuration) -> Void = {
            $0.maximumAge = .seconds(3600); $0.leeway = .seconds(60)
        }
        let now = Fixtures.now.secondsSinceEpoch
        #expect(try code(Fixtures.claims(["iat": .number(JSONNumber(now - 3650)!)]), configure: hour) == nil)
        #expect(try code(Fixtures.claims(["iat": .number(JSONNumber(now - 3700)!)]), configure: hour) == .tooOld)
        #expect(try code(Fixtures.claims(removing: ["iat"]), configure: hour) == .missingClaim)
    }

    @Test("Required claims: present, with one of the expected values (exact bytes; an array matches by an element)")
    func requiredClaims() throws {
        let cognito: (inout TokenVerifier.Configuration) -> Void = {
            $0.requiredClaims = ["token_use": ["access"], "client_id": [], ClaimPath("ext", "level"): [2, 3]]
        }
        let good: [String: JSONValue] = ["token_use": "access", "client_id": "c1", "ext": ["level": 3]]
        #expect(try code(Fixtures.claims(good), configure: cognito) == nil)
        #expect(try code(Fixtures.claims(good.merging(["token_use": "id"]) { $1 }), configure: cognito) == .claimMismatch)
        #expect(try code(Fixtures.claims(good.merging(["token_use": ["id", "access"]]) { $1 }), configure: cognito) == nil)
        #expect(try code(Fixtures.claims(good.merging(["token_use": "acce\u{73}s"]) { $1 }), configure: cognito) == nil)
        #expect(try code(Fixtures.claims(good.merging(["ext": ["level": 1]]) { $1 }), configure: cognito) == .claimMismatch)
        #expect(try code(Fixtures.claims(good.filter { $0.key != "client_id" }), configure: cognito) == .missingClaim)
        #expect(
            try code(Fixtures.claims(good.merging(["token_use": "K"]) { $1 }), configure: { $0.requiredClaims = ["token_use": ["\u{212A}"]] })
                == .claimMismatch
        )
    }

    @Test("Custom validators run last, and only after every built-in check passed")
    func validators() throws {
        struct NotAdmin: Error {}
        let requireAdmin = ClaimValidator { token in
            guard token.claims.scopes.contains("admin") else { throw NotAdmin() }
        }
        #expect(try code(Fixtures.claims()) { $0.validators = [requireAdmin] } == .validationFailed)
        #expect(try code(Fixtures.claims(["scope": "openid admin"])) { $0.validators = [requireAdmin] } == nil)
        // An expired token never reaches the validator.
        let expired = Fixtures.claims(["exp": .number(JSONNumber(Self.t - 3600)), "scope": "admin"])
        #expect(try code(expired) { $0.validators = [ClaimValidator { _ in Issue.record("validator ran") }] } == .expired)
    }

    @Test("Typed accessors expose the claims; the raw members keep everything else")
    func accessors() throws {
        let token = try Fixtures.es256.token(claims: Fixtures.claims(["custom": ["nested": [1, 2]], "scp": ["x"]]))
        let verified = try Fixtures.verifier().verify(token, keys: Fixtures.keySet, now: Fixtures.now)
        let claims = verified.claims
        #expect(claims.issuer == Fixtures.issuer)
        #expect(claims.audience == [Fixtures.audience])
        #expect(claims.expiresAt == NumericDate(secondsSinceEpoch: Fixtures.now.secondsSinceEpoch + 3600))
        #expect(claims.issuedAt == NumericDate(secondsSinceEpoch: Fixtures.now.secondsSinceEpoch - 10))
        #expect(claims.tenant == "tenant-1")
        #expect(claims["custom"]?["nested"] == [1, 2])
        #expect(claims.scopes == ["openid", "appid_default", "read", "x"])
        #expect(verified.header.type == "JWT")
    }

    @Test("An unknown kid reports the cheap claim failure first, so it can never cost a key refresh")
    func cheapChecksBeforeUnknownKey() throws {
        let stranger = try TestSigningKey.generate(.es256, keyID: "unknown")
        let expired = try stranger.token(claims: Fixtures.claims(["exp": .number(JSONNumber(Self.t - 3600))]))
        #expect(tokenError { _ = try Fixtures.verifier().verify(expired, keys: Fixtures.keySet, now: Fixtures.now) }?.code == .expired)
        let foreign = try stranger.token(claims: Fixtures.claims(["iss": "https://elsewhere.example"]))
        #expect(tokenError { _ = try Fixtures.verifier().verify(foreign, keys: Fixtures.keySet, now: Fixtures.now) }?.code == .invalidIssuer)
        let plausible = try stranger.token(claims: Fixtures.claims())
        #expect(tokenError { _ = try Fixtures.verifier().verify(plausible, keys: Fixtures.keySet, now: Fixtures.now) }?.code == .unknownKey)
    }

    @Test(
        "hasScope matches whole space-separated scopes only, and agrees with scopes",
        arguments: [
            ("openid appid_default read", "read", true),
            ("openid appid_default read", "openid", true),
            ("openid appid_default read", "appid", false),
            ("openid appid_default read", "appid_default read", false),
            ("openid appid_default read", "", false),
            ("  read   write ", "write", true),
            ("  read   write ", "", false),
            ("readwrite", "read", false),
            ("read", "readwrite", false),
            ("", "read", false),
            ("é ü", "ü", true),
        ]
    )
    func hasScope(_ claim: String, _ scope: String, _ expected: Bool) {
        let claims = JWTClaims(members: ["scope": .string(claim)])
        #expect(claims.hasScope(scope) == expected)
        #expect(claims.scopes.contains(scope) == expected)
        #expect(claims.scopes == claim.split(separator: " ").map(String.init))
        let array = JWTClaims(members: ["scp": .array(claim.split(separator: " ").map { .string(String($0)) })])
        #expect(array.hasScope(scope) == expected)
    }
}

@Suite("OpenID Connect at_hash")
struct AccessTokenHashTests {
    @Test("The example of OpenID Connect Core, appendix A.4 (RS256), and a refusal for any other access token")
    func specificationExample() throws {
        #expect(AccessTokenHash.value(of: "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", algorithm: .rs256) == "77QmUPtjPfzWtF2AnpK9RQ")
        let identity = try Fixtures.es256.token(
            claims: Fixtures.claims(["at_hash": .string(AccessTokenHash.value(of: "access-1", algorithm: .es256))])
        )
        let verified = try Fixtures.verifier().verify(identity, keys: Fixtures.keySet, now: Fixtures.now)
        #expect(AccessTokenHash.matches(verified, accessToken: "access-1"))
        #expect(!AccessTokenHash.matches(verified, accessToken: "access-2"))
        let without = try Fixtures.verifier().verify(try Fixtures.es256.token(claims: Fixtures.claims()), keys: Fixtures.keySet, now: Fixtures.now)
        #expect(AccessTokenHash.matches(without, accessToken: "anything"))
    }
}
