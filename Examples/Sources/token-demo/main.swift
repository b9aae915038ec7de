import TokenGate
import TokenGateTesting

// A local issuer in miniature: a signing key made at run time, its JWKS, and tokens signed
// with it; then the verifier accepting the genuine token and refusing forged ones.

let issuer = "http://127.0.0.1:8080/oauth/v4/demo-tenant"
let clientID = "demo-client"
let clock = SystemWallClock()

let signingKey = try TestSigningKey.generate(.rs256, keyID: "demo-key-1")
let jwks = TestSigningKey.jwksJSON([signingKey])
let keys = try KeySet(jwksJSON: jwks)
print("Published JWKS with \(keys.keys.count) key (kid demo-key-1, RS256).")

var configuration = TokenVerifier.Configuration(issuer: issuer, audience: .oneOf([clientID]))
configuration.tenant = "demo-tenant"
let verifier = TokenVerifier(configuration: configuration)

let now = Int64(clock.currentDate().secondsSinceEpoch)
let claims: [String: JSONValue] = [
    "iss": .string(issuer), "aud": [.string(clientID)], "sub": "user-42", "tenant": "demo-tenant",
    "exp": .number(JSONNumber(now + 3600)), "iat": .number(JSONNumber(now)), "scope": "openid appid_default read",
]

func attempt(_ label: String, _ token: String) {
    do {
        let verified = try verifier.verify(token, keys: keys, now: clock.currentDate())
        print("accepted \(label): subject \(verified.claims.subject ?? "-"), scopes \(verified.claims.scopes.joined(separator: " "))")
    } catch {
        print("refused  \(label): \(error.code) → 401 invalid_token, \"\(error.code.publicDescription)\"")
    }
}

attempt("genuine access token", try signingKey.token(claims: claims))

var expired = claims
expired["exp"] = .number(JSONNumber(now - 3600))
attempt("expired token", try signingKey.token(claims: expired))

let attacker = try TestSigningKey.generate(.rs256, keyID: "demo-key-1")
attempt("token signed by an attacker's key under the same kid", try attacker.token(claims: claims))

let noneToken = base64URL(Array(#"{"alg":"none"}"#.utf8)) + "." + base64URL(JSONValue.object(claims).serializedBytes) + "."
attempt("alg none", noneToken)

var otherAudience = claims
otherAudience["aud"] = ["another-app"]
attempt("token for another application", try signingKey.token(claims: otherAudience))
