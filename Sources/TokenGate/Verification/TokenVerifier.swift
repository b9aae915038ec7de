/// Verifies compact JWS/JWT tokens against a key set: structure, header, key choice,
/// signature and claims, in that order, with no network access and no shared mutable state.
///
/// ```swift
/// let verifier = TokenVerifier(configuration: .init(issuer: issuer, audience: .oneOf([clientID])))
/// let token = try verifier.verify(bearer, keys: keySet, now: clock.now())
/// print(token.claims.subject ?? "-", token.claims.scopes)
/// ```
///
/// The token never chooses the algorithm family or the key source: `alg` must be allowed by
/// the configuration and by the key found under the token's `kid`; `jwk`, `jku`, `x5u` and
/// `x5c` header members are ignored.
public struct TokenVerifier: Sendable {
    /// The configuration this verifier was built with.
    public let configuration: Configuration
    private let asymmetricAlgorithms: AlgorithmSet
    private let secretAlgorithms: AlgorithmSet
    private let secretKeys: KeySet
    private let leeway: Double
    private let normalizedTypes: Set<String>?

    /// Creates a verifier.
    /// - Parameter configuration: What the verifier accepts.
    public init(configuration: Configuration) {
        self.configuration = configuration
        self.asymmetricAlgorithms = AlgorithmSet(configuration.algorithms.filter { !$0.isSymmetric })
        let secrets = configuration.secrets.filter(\.isSymmetric)
        self.secretAlgorithms = secrets.reduce(AlgorithmSet()) { $0.union($1.algorithmSet) }
        self.secretKeys = KeySet(keys: secrets)
        self.leeway = max(0, configuration.leeway.seconds)
        self.normalizedTypes = configuration.allowedTypes.map { Set($0.map(Self.normalizeType)) }
    }

    /// Verifies a token.
    /// - Parameters:
    ///   - token: The compact serialization, as received.
    ///   - keys: The issuer's current key set.
    ///   - now: The current time.
    /// - Returns: The verified header and claims.
    /// - Throws: ``TokenGateError`` with the reason the token was refused.
    public func verify(_ token: String, keys: KeySet, now: NumericDate) throws(TokenGateError) -> VerifiedToken {
        var utf8 = token
        let result: Result<VerifiedToken, TokenGateError> = utf8.withUTF8 { buffer in
            do throws(TokenGateError) {
                let (header, members) = try self.verifyBytes(UnsafeRawBufferPointer(buffer), keys: keys, now: now)
                let verified = VerifiedToken(raw: token, header: header, claims: JWTClaims(members: members))
                try self.runValidators(verified)
                return .success(verified)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func runValidators(_ token: VerifiedToken) throws(TokenGateError) {
        for validator in self.configuration.validators {
            do {
                try validator.check(token)
            } catch {
                throw TokenGateError(.validationFailed, underlying: error)
            }
        }
    }

    /// The verification steps over the token's bytes.
    private func verifyBytes(
        _ bytes: UnsafeRawBufferPointer,
        keys: KeySet,
        now: NumericDate
    ) throws(TokenGateError) -> (JOSEHeader, [String: JSONValue]) {
        let (header, payloadSegment) = try self.verifySignature(bytes, keys: keys, now: now)
        let members = try self.decodePayload(payloadSegment)
        try self.checkClaims(members, header: header, now: now)
        return (header, members)
    }

    /// Checks structure, header and signature; returns the header and the payload segment.
    ///
    /// With `now`, a token whose key is unknown gets its issuer and expiry checked before
    /// `.unknownKey` is reported, so that only tokens that could be valid ever count as a
    /// reason to refresh keys. Without `now` (signature-only use), it does not.
    package func verifySignature(
        _ bytes: UnsafeRawBufferPointer,
        keys: KeySet,
        now: NumericDate?
    ) throws(TokenGateError) -> (JOSEHeader, UnsafeRawBufferPointer) {
        guard bytes.count <= self.configuration.maximumTokenLength else { throw TokenGateError(.tokenTooLarge) }

        // 1. Exactly three segments.
        var firstDot = -1
        var secondDot = -1
        var dots = 0
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: ".") {
            dots += 1
            if dots == 1 { firstDot = index } else if dots == 2 { secondDot = index }
        }
        guard dots == 2, firstDot > 0 else {
            throw TokenGateError(dots == 4 ? .encryptedToken : .malformedToken, detail: "segment count")
        }
        let headerSegment = UnsafeRawBufferPointer(rebasing: bytes[0..<firstDot])
        let payloadSegment = UnsafeRawBufferPointer(rebasing: bytes[(firstDot + 1)..<secondDot])
        let signatureSegment = UnsafeRawBufferPointer(rebasing: bytes[(secondDot + 1)...])
        let signingInput = UnsafeRawBufferPointer(rebasing: bytes[0..<secondDot])

        // 2. Header: only what choosing a key needs.
        guard let headerBytes = Base64URL.decode(headerSegment) else {
            throw TokenGateError(.malformedToken, detail: "header not base64url")
        }
        let parsedHeader = headerBytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParser.Failure) in try JSONParser.parseObject(buffer, maximumDepth: 8) }
        }
        let headerMembers: [String: JSONValue]
        switch parsedHeader {
        case .success(let members?): headerMembers = members
        case .success(nil): throw TokenGateError(.malformedHeader, detail: "header not a JSON object")
        case .failure(let failure): throw TokenGateError(.malformedHeader, detail: "header not JSON", underlying: failure)
        }
        let header = try JOSEHeader(members: headerMembers)
        let algorithm = header.algorithm
        let keySource: KeySet
        if algorithm.isSymmetric {
            guard self.secretAlgorithms.contains(algorithm) else { throw TokenGateError(.disallowedAlgorithm) }
            keySource = self.secretKeys
        } else {
            guard self.asymmetricAlgorithms.contains(algorithm) else { throw TokenGateError(.disallowedAlgorithm) }
            keySource = keys
        }
        guard let signature = Base64URL.decode(signatureSegment), !signature.isEmpty else {
            throw TokenGateError(.malformedToken, detail: "signature not base64url")
        }

        // 3. Key by kid, within the configured source only.
        let candidates = keySource.candidates(for: header.keyID)
        if candidates.isEmpty {
            if let now {
                // Cheap claim checks first: a token that fails them must not cost a key refresh.
                try self.checkIssuerAndExpiry(try self.decodePayload(payloadSegment), now: now)
            }
            throw TokenGateError(.unknownKey)
        }

        // 4. Signature, with a key that allows this algorithm.
        var usable = false
        for key in candidates where key.algorithmSet.contains(algorithm) {
            usable = true
            if key.isValidSignature(signature, signingInput: signingInput, algorithm: algorithm) {
                return (header, payloadSegment)
            }
        }
        throw TokenGateError(usable ? .invalidSignature : .keyAlgorithmMismatch)
    }

    /// Signature-only verification of a compact JWS whose payload need not be JSON
    /// (published test vectors); returns the header and the decoded payload.
    package func verifySignatureOnly(_ token: String, keys: KeySet) throws(TokenGateError) -> (JOSEHeader, [UInt8]) {
        var utf8 = token
        let result: Result<(JOSEHeader, [UInt8]), TokenGateError> = utf8.withUTF8 { buffer in
            do throws(TokenGateError) {
                let (header, payload) = try self.verifySignature(UnsafeRawBufferPointer(buffer), keys: keys, now: nil)
                guard let bytes = Base64URL.decode(payload) else {
                    throw TokenGateError(.malformedToken, detail: "payload not base64url")
                }
                return .success((header, bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func decodePayload(_ segment: UnsafeRawBufferPointer) throws(TokenGateError) -> [String: JSONValue] {
        guard let payload = Base64URL.decode(segment) else {
            throw TokenGateError(.malformedToken, detail: "payload not base64url")
        }
        let parsed = payload.withUnsafeBytes { buffer in
            Result { () throws(JSONParser.Failure) in try JSONParser.parseObject(buffer, maximumDepth: 32) }
        }
        switch parsed {
        case .success(let members?): return members
        case .success(nil): throw TokenGateError(.malformedClaims, detail: "payload not a JSON object")
        case .failure(let failure): throw TokenGateError(.malformedClaims, detail: "payload not JSON", underlying: failure)
        }
    }

    private func checkIssuerAndExpiry(_ claims: [String: JSONValue], now: NumericDate) throws(TokenGateError) {
        switch claims["iss"] {
        case nil: throw TokenGateError(.missingClaim, detail: "iss")
        case .string(let issuer)?:
            guard issuer == self.configuration.issuer else { throw TokenGateError(.invalidIssuer) }
        default: throw TokenGateError(.malformedClaims, detail: "iss not a string")
        }
        guard let expiry = claims["exp"] else { throw TokenGateError(.missingClaim, detail: "exp") }
        guard let expiresAt = NumericDate(claim: expiry) else {
            throw TokenGateError(.malformedClaims, detail: "exp not a NumericDate")
        }
        guard now.secondsSinceEpoch < expiresAt.secondsSinceEpoch + self.leeway else { throw TokenGateError(.expired) }
    }

    private func checkClaims(_ claims: [String: JSONValue], header: JOSEHeader, now: NumericDate) throws(TokenGateError) {
        try self.checkIssuerAndExpiry(claims, now: now)
        if let notBefore = claims["nbf"] {
            guard let date = NumericDate(claim: notBefore) else { throw TokenGateError(.malformedClaims, detail: "nbf not a NumericDate") }
            guard date.secondsSinceEpoch <= now.secondsSinceEpoch + self.leeway else { throw TokenGateError(.notYetValid) }
        }
        if let issuedAt = claims["iat"] {
            guard let date = NumericDate(claim: issuedAt) else { throw TokenGateError(.malformedClaims, detail: "iat not a NumericDate") }
            guard date.secondsSinceEpoch <= now.secondsSinceEpoch + self.leeway else { throw TokenGateError(.issuedInFuture) }
        }
        try self.checkAudience(claims["aud"])
        if let tenant = self.configuration.tenant {
            switch claims["tenant"] {
            case nil: throw TokenGateError(.missingClaim, detail: "tenant")
            case .string(let value)?: guard value == tenant else { throw TokenGateError(.invalidTenant) }
            default: throw TokenGateError(.malformedClaims, detail: "tenant not a string")
            }
        }
        for name in ["sub", "scope", "jti"] {
            if let value = claims[name], value.stringValue == nil {
                throw TokenGateError(.malformedClaims, detail: "\(name) not a string")
            }
        }
        if let allowed = self.normalizedTypes {
            guard let type = header.type, allowed.contains(Self.normalizeType(type)) else {
                throw TokenGateError(.disallowedType)
            }
        }
    }

    private func checkAudience(_ audience: JSONValue?) throws(TokenGateError) {
        let accepted = self.configuration.audience.audiences
        switch audience {
        case nil:
            if accepted != nil { throw TokenGateError(.missingClaim, detail: "aud") }
        case .string(let value)?:
            if let accepted, !accepted.contains(value) { throw TokenGateError(.invalidAudience) }
        case .array(let values)?:
            var matched = accepted == nil
            for value in values {
                guard case .string(let text) = value else { throw TokenGateError(.malformedClaims, detail: "aud not strings") }
                if !matched, let accepted, accepted.contains(text) { matched = true }
            }
            guard matched else { throw TokenGateError(.invalidAudience) }
        default:
            throw TokenGateError(.malformedClaims, detail: "aud not a string or array")
        }
    }

    private static func normalizeType(_ type: String) -> String {
        let lowered = type.lowercased()
        return lowered.hasPrefix("application/") ? String(lowered.dropFirst("application/".count)) : lowered
    }
}
