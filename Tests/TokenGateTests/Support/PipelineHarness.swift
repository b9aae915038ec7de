import Crypto
import HTTPTypes
import NIOHTTP1
import Testing
import TokenGateHTTPClient
import TokenGateTesting

@testable import TokenGate

/// The RS256 and ES256 fixture keys served from memory, a manual clock, a verified-token cache
/// and an App ID-style strategy over them.
struct PipelineHarness: Sendable {
    let keys: KeySetHarness
    let tokenCache: VerifiedTokenCache
    let strategy: APIStrategy

    var clock: ManualClock { self.keys.clock }

    static func make(
        serving served: [TestSigningKey] = [Fixtures.rs256, Fixtures.es256],
        configure: (inout APIStrategy.Configuration) -> Void = { _ in }
    ) async throws -> PipelineHarness {
        let keys = KeySetHarness(keys: served)
        let tokenCache = VerifiedTokenCache()
        let issuer = IssuerVerifier(verifier: Fixtures.verifier(), keys: keys.cache, tokenCache: tokenCache, wallClock: keys.clock)
        var configuration = APIStrategy.Configuration.appID
        configure(&configuration)
        return PipelineHarness(keys: keys, tokenCache: tokenCache, strategy: APIStrategy(issuer: issuer, configuration: configuration))
    }

    /// A harness whose provider answers 500 to everything (it is down).
    static func providerDown() async throws -> PipelineHarness {
        let harness = try await make()
        harness.keys.fail(status: 500)
        return harness
    }

    /// Nothing to close: the key set is served from memory.
    func close() async throws {}
}

/// The tokens the scenarios send.
enum PipelineTokens {
    static let attacker = try! TestSigningKey.generate(.rs256, keyID: Fixtures.rs256.keyID)

    static let access = try! Fixtures.rs256.token(claims: Fixtures.claims())
    static let accessES256 = try! Fixtures.es256.token(claims: Fixtures.claims(["sub": "user-2"]))
    static let admin = try! Fixtures.rs256.token(claims: Fixtures.claims(["scope": "openid appid_default admin"]))
    static let identity = try! Fixtures.rs256.token(claims: Fixtures.claims(["name": "Ada", "email": "ada@example.com"]))
    static let identityOtherSubject = try! Fixtures.rs256.token(claims: Fixtures.claims(["sub": "user-9"]))
    static let accessWithoutSubject = try! Fixtures.rs256.token(claims: Fixtures.claims(["jti": "no-sub"], removing: ["sub"]))
    static let identityWithoutSubject = try! Fixtures.rs256.token(claims: Fixtures.claims(["name": "Nobody"], removing: ["sub"]))
    static let accessEmptySubject = try! Fixtures.rs256.token(claims: Fixtures.claims(["sub": "", "jti": "empty-sub"]))
    static let identityEmptySubject = try! Fixtures.rs256.token(claims: Fixtures.claims(["sub": "", "name": "Nobody"]))
    static let identityForged = try! attacker.token(claims: Fixtures.claims(["name": "Mallory"]))
    static let identityExpired = try! Fixtures.rs256.token(
        claims: Fixtures.claims(["exp": .number(JSONNumber(Int64(Fixtures.now.secondsSinceEpoch) - 3600))])
    )
    static let expired = identityExpired
    static let notYetValid = try! Fixtures.rs256.token(
        claims: Fixtures.claims(["nbf": .number(JSONNumber(Int64(Fixtures.now.secondsSinceEpoch) + 3600))])
    )
    static let otherAudience = try! Fixtures.rs256.token(claims: Fixtures.claims(["aud": ["another-app"]]))
    static let otherIssuer = try! Fixtures.rs256.token(claims: Fixtures.claims(["iss": "https://evil.example"]))
    static let noDefaultScope = try! Fixtures.rs256.token(claims: Fixtures.claims(["scope": "openid read"]))
    static let unknownKid = try! Fixtures.rs256.with(keyID: "rotated-away").token(claims: Fixtures.claims())
    static let algNone =
        base64URL(Array(#"{"alg":"none","kid":"rsa-1"}"#.utf8)) + "." + base64URL(JSONValue.object(Fixtures.claims()).serializedBytes) + "."
    static let hmacWithPublicKey: String = {
        let secret = Array(Fixtures.rs256.publicKeyPEM!.utf8)
        let input = base64URL(Array(#"{"alg":"HS256","kid":"rsa-1"}"#.utf8)) + "." + base64URL(JSONValue.object(Fixtures.claims()).serializedBytes)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: secret))
        return input + "." + base64URL(Array(mac))
    }()
}

/// One row of the response table, run through every adapter.
struct PipelineScenario: Sendable, CustomTestStringConvertible {
    let name: String
    let path: String
    let authorization: String?
    let status: Int
    let challenge: String?
    /// The body of a 200 answer: "<subject> <identity subject or ->", or "anonymous".
    let body: String?

    var testDescription: String { self.name }

    static let protected = "/api/protected"
    static let admin = "/api/protected/admin"
    static let optional = "/api/optional"

    private static let invalid = #"Bearer realm="AppID", scope="appid_default", error="invalid_token", error_description="#
    private static let malformed =
        #"Bearer realm="AppID", error="invalid_request", error_description="malformed authorization header""#

    private static func ok(_ name: String, _ path: String, _ authorization: String?, _ body: String) -> PipelineScenario {
        PipelineScenario(name: name, path: path, authorization: authorization, status: 200, challenge: nil, body: body)
    }

    private static func refused(_ name: String, _ authorization: String?, _ status: Int, _ challenge: String, path: String = protected)
        -> PipelineScenario
    {
        PipelineScenario(name: name, path: path, authorization: authorization, status: status, challenge: challenge, body: nil)
    }

    private static func invalidToken(_ name: String, _ authorization: String, _ description: String, path: String = protected)
        -> PipelineScenario
    {
        refused(name, authorization, 401, invalid + "\"" + description + "\"", path: path)
    }

    static let all: [PipelineScenario] = [
        ok("valid access token", protected, "Bearer " + PipelineTokens.access, "user-1 -"),
        ok("scheme in lower case", protected, "bearer " + PipelineTokens.access, "user-1 -"),
        ok("ES256 access token", protected, "Bearer " + PipelineTokens.accessES256, "user-2 -"),
        ok("valid access and identity tokens", protected, "Bearer \(PipelineTokens.access) \(PipelineTokens.identity)", "user-1 user-1"),
        ok("admin route with admin scope", admin, "Bearer " + PipelineTokens.admin, "user-1 -"),
        ok("optional route without credentials", optional, nil, "anonymous"),
        ok("optional route with a valid token", optional, "Bearer " + PipelineTokens.access, "user-1 -"),
        refused("no header", nil, 401, #"Bearer realm="AppID", scope="appid_default""#),
        refused("another scheme", "Basic dXNlcjpwYXNz", 401, #"Bearer realm="AppID", scope="appid_default""#),
        refused("no header on the admin route", nil, 401, #"Bearer realm="AppID", scope="appid_default admin""#, path: admin),
        refused("empty bearer token", "Bearer", 400, malformed),
        refused("three tokens", "Bearer a b c", 400, malformed),
        refused("two spaces between tokens", "Bearer \(PipelineTokens.access)  \(PipelineTokens.identity)", 400, malformed),
        refused("comma in token", "Bearer a,b", 400, malformed),
        refused("oversized header", "Bearer " + String(repeating: "a", count: 17 * 1024), 400, malformed),
        refused("malformed header on the optional route", "Bearer a b c", 400, malformed, path: optional),
        invalidToken("forged identity token", "Bearer \(PipelineTokens.access) \(PipelineTokens.identityForged)", "signature invalid"),
        invalidToken("expired identity token", "Bearer \(PipelineTokens.access) \(PipelineTokens.identityExpired)", "token expired"),
        invalidToken(
            "identity token of another subject",
            "Bearer \(PipelineTokens.access) \(PipelineTokens.identityOtherSubject)",
            "identity token does not match access token"
        ),
        invalidToken(
            "identity token without a subject, beside an access token without one",
            "Bearer \(PipelineTokens.accessWithoutSubject) \(PipelineTokens.identityWithoutSubject)",
            "identity token does not match access token"
        ),
        invalidToken(
            "identity token with an empty subject, beside an access token with one",
            "Bearer \(PipelineTokens.accessEmptySubject) \(PipelineTokens.identityEmptySubject)",
            "identity token does not match access token"
        ),
        invalidToken("expired access token", "Bearer " + PipelineTokens.expired, "token expired"),
        invalidToken("access token not yet valid", "Bearer " + PipelineTokens.notYetValid, "token not yet valid"),
        invalidToken("another audience", "Bearer " + PipelineTokens.otherAudience, "audience not accepted"),
        invalidToken("another issuer", "Bearer " + PipelineTokens.otherIssuer, "issuer not accepted"),
        invalidToken("alg none", "Bearer " + PipelineTokens.algNone, "algorithm not allowed"),
        invalidToken("HS256 with the public key as secret", "Bearer " + PipelineTokens.hmacWithPublicKey, "algorithm not allowed"),
        invalidToken("unknown kid", "Bearer " + PipelineTokens.unknownKid, "unknown key"),
        invalidToken("not a JWS", "Bearer abc.def", "malformed token"),
        invalidToken("invalid token on the optional route", "Bearer " + PipelineTokens.expired, "token expired", path: optional),
        refused(
            "token without appid_default",
            "Bearer " + PipelineTokens.noDefaultScope,
            403,
            #"Bearer realm="AppID", scope="appid_default", error="insufficient_scope""#
        ),
        refused(
            "admin route without admin scope",
            "Bearer " + PipelineTokens.access,
            403,
            #"Bearer realm="AppID", scope="appid_default admin", error="insufficient_scope""#,
            path: admin
        ),
    ]
}
