/// Verifies compact JWS/JWT tokens against a key set: structure, header, key choice,
/// signature and claims, in that order, with no network access and no shared mutable state.
///
/// ```swift
/// let verifier = TokenVerifier(configuration: .init(issuer: issuer, audience: .oneOf([clientID])))
/// let token = try verifier.verify(bearer, keys: keySet, now: clock.currentDate())
/// let claims = token.claims
/// print(claims.subject ?? "-", claims.scopes)
/// ```
///
/// The token never chooses the algorithm family or the key source: `alg` must be allowed by
/// the configuration and by the key found under the token's `kid`; `jwk`, `jku`, `x5u` and
/// `x5c` header members are ignored.
public struct TokenVerifier: Sendable {
    /// Everything derived from the configuration, behind one reference (a verifier is copied
    /// into every issuer and request path; one retain instead of a dozen).
    final class Settings: Sendable {
        let configuration: Configuration
        let asymmetricAlgorithms: AlgorithmSet
        let secretAlgorithms: AlgorithmSet
        let secretKeys: KeySet
        let leeway: Double
        let normalizedTypes: Set<String>?
        /// Identifies this configuration (see ``TokenVerifier/identity``).
        let identity = Generation.next()

        init(_ configuration: Configuration) {
            self.configuration = configuration
            self.asymmetricAlgorithms = AlgorithmSet(configuration.algorithms.filter { !$0.isSymmetric })
            let secrets = configuration.secrets.filter(\.isSymmetric)
            self.secretAlgorithms = secrets.reduce(AlgorithmSet()) { $0.union($1.algorithmSet) }
            self.secretKeys = KeySet(keys: secrets)
            self.leeway = max(0, configuration.leeway.seconds)
            self.normalizedTypes = configuration.allowedTypes.map { Set($0.map(TokenVerifier.normalizeType)) }
        }
    }

    private let settings: Settings

    /// The configuration this verifier was built with.
    public var configuration: Configuration { self.settings.configuration }
    var leeway: Double { self.settings.leeway }
    var normalizedTypes: Set<String>? { self.settings.normalizedTypes }

    /// Identifies the verifier: copies share it, a verifier created again (even from an equal
    /// configuration, which may hold validators that cannot be compared) has another. The
    /// verified-token cache keeps each verifier's entries apart with it.
    package var identity: UInt64 { self.settings.identity }

    /// Creates a verifier.
    /// - Parameter configuration: What the verifier accepts.
    public init(configuration: Configuration) {
        self.settings = Settings(configuration)
    }

    /// Verifies a token.
    /// - Parameters:
    ///   - token: The compact serialization, as received.
    ///   - keys: The issuer's current key set.
    ///   - now: The current time.
    /// - Returns: The verified header and claims.
    /// - Throws: ``TokenGateError`` with the reason the token was refused.
    public func verify(_ token: String, keys: KeySet, now: NumericDate) throws(TokenGateError) -> VerifiedToken {
        var parts = try self.parts(of: token)
        return try self.verify(&parts, keys: keys, now: now).token
    }

    /// Splits `token` and reads its header, within this verifier's length limit.
    package func parts(of token: String) throws(TokenGateError) -> TokenParts {
        try TokenParts(token, maximumLength: self.configuration.maximumTokenLength)
    }

    /// Verifies a token read by ``parts(of:)`` (its claims are read at most once, also when
    /// the caller read them to choose this verifier) and returns the key that verified it.
    package func verify(_ parts: inout TokenParts, keys: KeySet, now: NumericDate) throws(TokenGateError) -> (
        token: VerifiedToken, key: VerificationKey
    ) {
        let key = try self.verifySignature(&parts, keys: keys, now: now)
        let claims = try parts.claims()
        try self.checkClaims(claims, headerType: parts.header.type, now: now)
        if let keyIssuer = key.issuer { try self.checkKeyIssuer(keyIssuer, claims: claims) }
        let verified = VerifiedToken(
            raw: parts.raw,
            header: parts.header,
            claims: claims,
            scopeClaims: self.configuration.scopeClaims,
            roleClaims: self.configuration.roleClaims
        )
        for validator in self.configuration.validators {
            do {
                try validator.check(verified)
            } catch {
                throw TokenGateError(.validationFailed, underlying: error)
            }
        }
        return (verified, key)
    }

    /// Checks the algorithm policy, chooses the key and checks the signature; returns the key.
    ///
    /// With `now`, a token whose key is unknown gets its issuer and expiry checked before
    /// `.unknownKey` is reported, so that only tokens that could be valid ever count as a
    /// reason to refresh keys. Without `now` (signature-only use), it does not.
    private func verifySignature(_ parts: inout TokenParts, keys: KeySet, now: NumericDate?) throws(TokenGateError) -> VerificationKey {
        let algorithm = parts.header.algorithm
        let keySource: KeySet
        if algorithm.isSymmetric {
            guard self.settings.secretAlgorithms.contains(algorithm) else { throw TokenGateError(.disallowedAlgorithm) }
            keySource = self.settings.secretKeys
        } else {
            guard self.settings.asymmetricAlgorithms.contains(algorithm) else { throw TokenGateError(.disallowedAlgorithm) }
            keySource = keys
        }
        guard parts.hasSignature else { throw TokenGateError(.malformedToken, detail: "signature empty") }
        // The key by kid, within the configured source only.
        let candidates = keySource.candidates(for: parts.header.keyID)
        if candidates.isEmpty {
            if let now {
                // Cheap claim checks first: a token that fails them must not cost a key refresh.
                try self.checkIssuerAndExpiry(RegisteredClaims(parts.claims().memberList), now: now)
            }
            throw TokenGateError(.unknownKey)
        }
        let signature = try parts.signature()
        guard candidates.contains(where: { $0.algorithmSet.contains(algorithm) }) else { throw TokenGateError(.keyAlgorithmMismatch) }
        let verifiedBy = parts.withSigningInput { signingInput in
            candidates.first {
                $0.algorithmSet.contains(algorithm) && $0.isValidSignature(signature, signingInput: signingInput, algorithm: algorithm)
            }
        }
        guard let verifiedBy else { throw TokenGateError(.invalidSignature) }
        return verifiedBy
    }

    /// Whether the token's unverified `iss` and `exp` pass (used before spending a key refresh
    /// on a token whose signature failed).
    package func passesCheapChecks(_ parts: inout TokenParts, now: NumericDate) -> Bool {
        guard let claims = try? parts.claims() else { return false }
        return (try? self.checkIssuerAndExpiry(RegisteredClaims(claims.memberList), now: now)) != nil
    }

    /// Signature-only verification of a compact JWS whose payload need not be JSON
    /// (published test vectors); returns the header and the decoded payload.
    package func verifySignatureOnly(_ token: String, keys: KeySet) throws(TokenGateError) -> (JOSEHeader, [UInt8]) {
        var parts = try self.parts(of: token)
        _ = try self.verifySignature(&parts, keys: keys, now: nil)
        return (parts.header, try parts.payload())
    }

    static func normalizeType(_ type: String) -> String {
        let lowered = type.lowercased()
        return lowered.hasPrefix("application/") ? String(lowered.dropFirst("application/".count)) : lowered
    }
}
