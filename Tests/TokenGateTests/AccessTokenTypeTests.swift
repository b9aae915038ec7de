import HTTPTypes
import Testing
import TokenGateTesting

@testable import TokenGate

/// Keeping identity tokens out of the access-token slot. With the default configuration an
/// identity token whose audience is an accepted audience (the client ID, for App ID's
/// conventions) passes as an access token, as it does in App ID's SDKs; issuers that mark their
/// access tokens `typ: at+jwt` (RFC 9068), the local issuer among them, let the strategy refuse
/// everything else in that slot.
@Suite("Access-token types")
struct AccessTokenTypeTests {
    static let access = try! Fixtures.rs256.token(claims: Fixtures.claims(), header: ["typ": "at+jwt"])
    static let accessApplicationType = try! Fixtures.rs256.token(claims: Fixtures.claims(["jti": "b"]), header: ["typ": "application/AT+JWT"])
    static let identity = try! Fixtures.rs256.token(claims: Fixtures.claims(["name": "Ada"]), header: ["typ": "JWT"])
    static let untyped = try! Fixtures.rs256.sign(
        headerJSON: #"{"alg":"RS256","kid":"rsa-1"}"#,
        payloadJSON: String(decoding: JSONValue.object(Fixtures.claims()).serializedBytes, as: UTF8.self)
    )

    static func status(_ strategy: APIStrategy, _ field: String) async -> (Int, TokenGateError.Code?) {
        switch await strategy.authorize(authorizationField: field[...]) {
        case .authorized: (200, nil)
        case .anonymous: (0, nil)
        case .refused(let failure): (failure.kind.status.code, failure.error?.code)
        }
    }

    @Test("By default any typ passes: an identity token is taken for an access token")
    func defaultAcceptsAnyType() async throws {
        let harness = try await PipelineHarness.make()
        #expect(await Self.status(harness.strategy, "Bearer \(Self.identity)").0 == 200)
        try await harness.close()
    }

    @Test("With accessTokenTypes, only those types pass as access tokens; the identity token slot is unaffected")
    func accessTokenTypes() async throws {
        let harness = try await PipelineHarness.make { $0.accessTokenTypes = ["at+jwt"] }
        #expect(await Self.status(harness.strategy, "Bearer \(Self.access)").0 == 200)
        #expect(await Self.status(harness.strategy, "Bearer \(Self.accessApplicationType)").0 == 200)
        let identity = await Self.status(harness.strategy, "Bearer \(Self.identity)")
        #expect(identity.0 == 401)
        #expect(identity.1 == .disallowedType)
        #expect(await Self.status(harness.strategy, "Bearer \(Self.untyped)").0 == 401)
        // Cached or not, the answer is the same.
        #expect(await Self.status(harness.strategy, "Bearer \(Self.identity)").0 == 401)
        // Both tokens: the identity token in its own slot is fine...
        #expect(await Self.status(harness.strategy, "Bearer \(Self.access) \(Self.identity)").0 == 200)
        // ...but an access token is not an identity token.
        let swapped = await Self.status(harness.strategy, "Bearer \(Self.access) \(Self.accessApplicationType)")
        #expect(swapped.0 == 401)
        #expect(swapped.1 == .identityMismatch)
        try await harness.close()
    }
}
