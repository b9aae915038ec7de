import Foundation
import Testing
import TokenGateTesting

@testable import TokenGate

/// Shared, immutable fixtures: keys are generated once per test run (RSA generation is slow
/// in debug builds) and never written anywhere.
enum Fixtures {
    static let issuer = "https://issuer.example/oauth/v4/tenant-1"
    static let audience = "client-1"
    static let now = NumericDate(secondsSinceEpoch: 1_700_000_000)

    static let rs256 = try! TestSigningKey.generate(.rs256, keyID: "rsa-1")
    static let es256 = try! TestSigningKey.generate(.es256, keyID: "ec-1")
    static let es384 = try! TestSigningKey.generate(.es384, keyID: "ec-384")
    static let es512 = try! TestSigningKey.generate(.es512, keyID: "ec-521")
    static let ed25519 = try! TestSigningKey.generate(.edDSA, keyID: "ed-1")

    static let keySet = try! TestSigningKey.keySet([rs256, es256, es384, es512, ed25519])

    static func verifier(_ configure: (inout TokenVerifier.Configuration) -> Void = { _ in }) -> TokenVerifier {
        var configuration = TokenVerifier.Configuration(issuer: issuer, audience: .oneOf([audience]))
        configure(&configuration)
        return TokenVerifier(configuration: configuration)
    }

    static func claims(_ overrides: [String: JSONValue] = [:], removing: [String] = []) -> [String: JSONValue] {
        var claims: [String: JSONValue] = [
            "iss": .string(issuer),
            "aud": [.string(audience)],
            "sub": "user-1",
            "exp": .number(JSONNumber(Int64(now.secondsSinceEpoch) + 3600)),
            "iat": .number(JSONNumber(Int64(now.secondsSinceEpoch) - 10)),
            "scope": "openid appid_default read",
            "tenant": "tenant-1",
        ]
        claims.merge(overrides) { _, new in new }
        for name in removing { claims[name] = nil }
        return claims
    }

    /// The payload JSON text of ``claims(_:removing:)``.
    static func claimsJSON(_ overrides: [String: JSONValue] = [:]) -> String {
        JSONValue.object(claims(overrides)).serialized
    }
}

/// Reads the published vectors vendored under the test target's resources
/// (`Resources/vectors`, each folder with its licence; see its README).
enum Vectors {
    static let directory: URL = Bundle.module.url(forResource: "Resources", withExtension: nil)!.appendingPathComponent("vectors")

    static func load(_ path: String) throws -> JSONValue {
        let data = try Data(contentsOf: directory.appendingPathComponent(path))
        return try JSONParser.parse(Array(data), maximumDepth: 64)
    }

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
        }
        return bytes
    }
}

/// Runs `body` and returns the `TokenGateError` it throws (or nil).
func tokenError(_ body: () throws -> Void) -> TokenGateError? {
    do {
        try body()
        return nil
    } catch let error as TokenGateError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

/// Verifies `token` and returns the refusal code (nil when accepted).
func verificationCode(_ verifier: TokenVerifier, _ token: String, keys: KeySet, now: NumericDate) -> TokenGateError.Code? {
    tokenError { _ = try verifier.verify(token, keys: keys, now: now) }?.code
}
