import Crypto
import CryptoExtras
import Foundation
public import JWTKit
public import TokenGate
import TokenGateTesting

/// One algorithm's material for a benchmark run: distinct tokens signed with one run-time
/// key, the raw (signing input, signature) pairs for swift-crypto, our key set and verifier,
/// and jwt-kit's key collection for the same JWKS.
public struct Contender: Sendable {
    public let algorithm: JWSAlgorithm
    let key: TestSigningKey
    public let tokens: [String]
    public let keySet: KeySet
    public let verifier: TokenVerifier
    public let jwtKit: JWTKeyCollection
    public let now: NumericDate
    /// Verifies pair `index` with swift-crypto directly: the ceiling for any verifier.
    public let rawVerify: @Sendable (Int) -> Bool

    public static let issuer = "https://issuer.bench/oauth/v4/tenant"
    public static let audience = "bench-client"

    /// Builds `count` distinct tokens for `algorithm`.
    public static func make(_ algorithm: JWSAlgorithm, count: Int = 512) async throws -> Contender {
        let key = try TestSigningKey.generate(algorithm, keyID: "bench-\(algorithm.name)")
        let now = NumericDate.now
        let tokens = try (0..<count).map { index in
            try key.token(claims: [
                "iss": .string(issuer), "aud": [.string(audience)], "sub": .string("user-\(index)"),
                "exp": .number(JSONNumber(Int64(now.secondsSinceEpoch) + 86_400)),
                "iat": .number(JSONNumber(Int64(now.secondsSinceEpoch) - 5)),
                "scope": "openid appid_default read write", "tenant": "tenant", "jti": .string("jti-\(index)-\(UInt64.random(in: 0...UInt64.max))"),
            ])
        }
        var configuration = TokenVerifier.Configuration(issuer: issuer, audience: .oneOf([audience]))
        configuration.tenant = "tenant"
        let keySet: KeySet
        let jwtKit = JWTKeyCollection()
        if let secret = key.secret {
            // HS256 (profile only): a signature check of about a microsecond leaves TokenGate's
            // own work in view. The secret is configured, never read from a key set.
            configuration.secrets = [try key.verificationKey()]
            keySet = KeySet(keys: [])
            await jwtKit.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: key.keyID ?? ""))
        } else {
            let jwks = TestSigningKey.jwksJSON([key])
            keySet = try KeySet(jwksJSON: jwks)
            try await jwtKit.add(jwksJSON: jwks)
        }
        let verifier = TokenVerifier(configuration: configuration)

        let pairs: [(input: [UInt8], signature: [UInt8])] = tokens.map { token in
            let lastDot = token.lastIndex(of: ".")!
            return (Array(token[..<lastDot].utf8), decodeBase64URL(String(token[token.index(after: lastDot)...])))
        }
        let jwk = key.publicJWK()
        let rawVerify: @Sendable (Int) -> Bool
        switch algorithm {
        case .rs256, .ps256:
            let publicKey = try _RSA.Signing.PublicKey(n: decodeBase64URL(jwk["n"]!.stringValue!), e: decodeBase64URL(jwk["e"]!.stringValue!))
            let padding: _RSA.Signing.Padding = algorithm == .rs256 ? .insecurePKCS1v1_5 : .PSS
            let signatures = pairs.map { _RSA.Signing.RSASignature(rawRepresentation: $0.signature) }
            let inputs = pairs.map(\.input)
            rawVerify = { index in
                publicKey.isValidSignature(signatures[index], for: SHA256.hash(data: inputs[index]), padding: padding)
            }
        case .es256:
            let point = [0x04] + decodeBase64URL(jwk["x"]!.stringValue!) + decodeBase64URL(jwk["y"]!.stringValue!)
            let publicKey = try P256.Signing.PublicKey(x963Representation: point)
            let signatures = try pairs.map { try P256.Signing.ECDSASignature(rawRepresentation: $0.signature) }
            let inputs = pairs.map(\.input)
            rawVerify = { index in publicKey.isValidSignature(signatures[index], for: inputs[index]) }
        case .hs256:
            let secret = SymmetricKey(data: key.secret ?? [])
            rawVerify = { index in HMAC<SHA256>.isValidAuthenticationCode(pairs[index].signature, authenticating: pairs[index].input, using: secret) }
        default:
            let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: decodeBase64URL(jwk["x"]!.stringValue!))
            rawVerify = { index in publicKey.isValidSignature(pairs[index].signature, for: pairs[index].input) }
        }
        return Contender(
            algorithm: algorithm,
            key: key,
            tokens: tokens,
            keySet: keySet,
            verifier: verifier,
            jwtKit: jwtKit,
            now: now,
            rawVerify: rawVerify
        )
    }

    /// The signing key (for building other fixtures on the same key).
    public func signingKey() throws -> TestSigningKey { self.key }

    /// Our full cold verification of token `index`.
    @inline(never)
    public func verifyOurs(_ index: Int) -> Bool {
        (try? self.verifier.verify(self.tokens[index], keys: self.keySet, now: self.now)) != nil
    }

    /// jwt-kit 5 verifying token `index` with the same claim checks.
    @inline(never)
    public func verifyJWTKit(_ index: Int) async -> Bool {
        (try? await self.jwtKit.verify(self.tokens[index], as: BenchPayload.self)) != nil
    }
}

/// The claims jwt-kit checks, matching what our verifier checks.
public struct BenchPayload: JWTPayload {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var sub: SubjectClaim
    var scope: String
    var tenant: String

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try self.exp.verifyNotExpired()
        try self.aud.verifyIntendedAudience(includes: Contender.audience)
        guard self.iss.value == Contender.issuer, self.tenant == "tenant" else {
            throw JWTError.claimVerificationFailure(failedClaim: self.iss, reason: "iss")
        }
    }
}

func decodeBase64URL(_ text: String) -> [UInt8] {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    return Array(Data(base64Encoded: base64)!)
}
