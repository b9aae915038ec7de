import HTTPTypes
import Testing
import TokenGateTesting

@testable import TokenGate

/// Claim values are compared with configured values by their UTF-8 bytes, never with `String`'s
/// canonical equivalence (under which U+212A KELVIN SIGN is "K" and "e" + U+0301 is "é").
@Suite("Exact claim values")
struct ExactClaimValueTests {
    static let issuer = "https://K.example/é"
    static let lookAlikeIssuer = "https://\u{212A}.example/e\u{301}"

    static func verifier(_ configure: (inout TokenVerifier.Configuration) -> Void = { _ in }) -> TokenVerifier {
        var configuration = TokenVerifier.Configuration(issuer: Self.issuer, audience: .oneOf(["client-K"]))
        configuration.tenant = "tenant-K"
        configure(&configuration)
        return TokenVerifier(configuration: configuration)
    }

    static func claims(_ overrides: [String: JSONValue]) -> [String: JSONValue] {
        Fixtures.claims(["iss": .string(Self.issuer), "aud": "client-K", "tenant": "tenant-K"].merging(overrides) { _, new in new })
    }

    @Test(
        "iss, aud (string, array, long list) and tenant match only byte for byte",
        arguments: [
            ("iss", JSONValue.string(lookAlikeIssuer), TokenGateError.Code.invalidIssuer),
            ("aud", JSONValue.string("client-\u{212A}"), .invalidAudience),
            ("aud", JSONValue.array(["other", "client-\u{212A}"]), .invalidAudience),
            ("tenant", JSONValue.string("tenant-\u{212A}"), .invalidTenant),
        ]
    )
    func lookAlikes(_ name: String, _ value: JSONValue, _ expected: TokenGateError.Code) throws {
        #expect(Self.issuer == Self.lookAlikeIssuer)  // what String's == says
        let keys = Fixtures.keySet
        let valid = try Fixtures.es256.token(claims: Self.claims([:]))
        let lookAlike = try Fixtures.es256.token(claims: Self.claims([name: value]))
        for verifier in [Self.verifier(), Self.verifier { $0.audience = .oneOf(Set(["client-K"] + (0..<20).map { "client-\($0)" })) }] {
            #expect(verificationCode(verifier, valid, keys: keys, now: Fixtures.now) == nil)
            #expect(verificationCode(verifier, lookAlike, keys: keys, now: Fixtures.now) == expected)
        }
    }

    @Test("The identity token's issuer and subject match the access token's byte for byte")
    func identityBinding() async throws {
        let harness = try await PipelineHarness.make()
        let access = try Fixtures.rs256.token(claims: Fixtures.claims(["sub": "user-K"]))
        let identity = try Fixtures.rs256.token(claims: Fixtures.claims(["sub": "user-\u{212A}"]))
        let outcome = await harness.strategy.authorize(authorizationField: "Bearer \(access) \(identity)"[...])
        if case .refused(let failure) = outcome {
            #expect(failure.error?.code == .identityMismatch)
        } else {
            Issue.record("a look-alike subject was accepted")
        }
        try await harness.close()
    }
}
