#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Everything derived from the configuration, behind one reference: the verifier is
    /// captured by the closures of the hot path, and copying a struct of a dozen references
    /// would retain and release each of them per token.
    final class Settings: Sendable {
        let configuration: Configuration
        let asymmetricAlgorithms: AlgorithmSet
        let secretAlgorithms: AlgorithmSet
        let secretKeys: KeySet
        let leeway: Double
        let normalizedTypes: Set<String>?
        /// The issuer, audiences and tenant: claim values equal to them are not copied.
        let interned: JSONInternTable
        /// The accepted audiences as a list when there are few (compared without hashing), else `nil`.
        let audienceList: [String]?
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
            self.audienceList = configuration.audience.audiences.flatMap { $0.count <= 8 ? Array($0) : nil }
            self.interned = JSONInternTable(
                [configuration.issuer] + (configuration.tenant.map { [$0] } ?? []) + (configuration.audience.audiences.map { Array($0) } ?? []),
                arrayElements: configuration.audience.audiences.map { Array($0) } ?? []
            )
        }
    }

    private let settings: Settings

    /// The configuration this verifier was built with.
    public var configuration: Configuration { self.settings.configuration }
    var asymmetricAlgorithms: AlgorithmSet { self.settings.asymmetricAlgorithms }
    var secretAlgorithms: AlgorithmSet { self.settings.secretAlgorithms }
    var secretKeys: KeySet { self.settings.secretKeys }
    var leeway: Double { self.settings.leeway }
    var normalizedTypes: Set<String>? { self.settings.normalizedTypes }
    var interned: JSONInternTable { self.settings.interned }
    var audienceList: [String]? { self.settings.audienceList }

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
        try self.verifyReturningKey(token, keys: keys, now: now).token
    }

    /// Verifies a token and also returns the key that verified it.
    /// - Parameter readingClaims: Whether to keep the claims in the result (the request
    ///   pipeline hands them on); otherwise they are checked without being built. With
    ///   validators configured they are always kept, since every validator reads them.
    package func verifyReturningKey(
        _ token: String,
        keys: KeySet,
        now: NumericDate,
        readingClaims: Bool = false
    ) throws(TokenGateError) -> (token: VerifiedToken, key: VerificationKey) {
        var utf8 = token
        // The outcome leaves `withUTF8` (which only rethrows untyped errors) through two locals.
        var verified: (token: VerifiedToken, key: VerificationKey)?
        var failure: TokenGateError?
        utf8.withUTF8 { buffer in
            do throws(TokenGateError) {
                let bytes = UnsafeRawBufferPointer(buffer)
                let (header, payloadSegment, key) = try self.verifySignature(bytes, token: token, keys: keys, now: now)
                let accepted: VerifiedToken
                if readingClaims || !self.configuration.validators.isEmpty {
                    let members = try self.decodeClaims(payloadSegment)
                    try self.checkClaims(RegisteredClaims(members), headerType: header.type, now: now)
                    accepted = VerifiedToken(raw: token, header: consume header, claims: JWTClaims(memberList: members))
                } else {
                    let headerType = header.type  // the closure captures the one member it needs, not the header
                    try self.readRegisteredClaims(payloadSegment) { claims throws(TokenGateError) in
                        try self.checkClaims(claims, headerType: headerType, now: now)
                    }
                    accepted = VerifiedToken(raw: token, header: consume header)
                }
                try self.runValidators(accepted)
                verified = (accepted, key)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        guard let verified else { throw TokenGateError(.malformedToken) }  // not reached: one of the two is set
        return verified
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

    /// Checks structure, header and signature; returns the header and the payload segment.
    ///
    /// With `now`, a token whose key is unknown gets its issuer and expiry checked before
    /// `.unknownKey` is reported, so that only tokens that could be valid ever count as a
    /// reason to refresh keys. Without `now` (signature-only use), it does not.
    package func verifySignature(
        _ bytes: UnsafeRawBufferPointer,
        token: String,
        keys: KeySet,
        now: NumericDate?
    ) throws(TokenGateError) -> (JOSEHeader, UnsafeRawBufferPointer, VerificationKey) {
        guard bytes.count <= self.configuration.maximumTokenLength else { throw TokenGateError(.tokenTooLarge) }

        // 1. Exactly three segments, the first not empty (memchr: the scan is vectorized).
        guard let firstDot = Self.indexOfDot(in: bytes, from: 0), firstDot > 0,
            let secondDot = Self.indexOfDot(in: bytes, from: firstDot + 1),
            Self.indexOfDot(in: bytes, from: secondDot + 1) == nil
        else {
            let dots = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: ".") ? 1 : 0) }
            throw TokenGateError(dots == 4 ? .encryptedToken : .malformedToken, detail: "segment count")
        }
        let headerSegment = UnsafeRawBufferPointer(rebasing: bytes[0..<firstDot])
        let payloadSegment = UnsafeRawBufferPointer(rebasing: bytes[(firstDot + 1)..<secondDot])
        let signatureSegment = UnsafeRawBufferPointer(rebasing: bytes[(secondDot + 1)...])
        let signingInput = UnsafeRawBufferPointer(rebasing: bytes[0..<secondDot])

        // 2. Header: only what choosing a key needs, or what the same bytes read to for a
        //    token this key set verified earlier (the policy below still applies to it).
        let remembered = keys.headers.lookup(headerSegment)
        let header: JOSEHeader
        if let remembered {
            header = JOSEHeader(remembered: remembered, token: token, segmentLength: firstDot)
        } else {
            header = try Self.decodeHeader(headerSegment, token: token)
        }
        let algorithm = header.algorithm
        let keySource: KeySet
        if algorithm.isSymmetric {
            guard self.secretAlgorithms.contains(algorithm) else { throw TokenGateError(.disallowedAlgorithm) }
            keySource = self.secretKeys
        } else {
            guard self.asymmetricAlgorithms.contains(algorithm) else { throw TokenGateError(.disallowedAlgorithm) }
            keySource = keys
        }
        guard !signatureSegment.isEmpty else { throw TokenGateError(.malformedToken, detail: "signature empty") }

        // 3. Key by kid, within the configured source only.
        let candidates = keySource.candidates(for: header.keyID)
        if candidates.isEmpty {
            if let now {
                // Cheap claim checks first: a token that fails them must not cost a key refresh.
                try self.readRegisteredClaims(payloadSegment) { claims throws(TokenGateError) in try self.checkIssuerAndExpiry(claims, now: now) }
            }
            throw TokenGateError(.unknownKey)
        }

        // 4. Signature, with a key that allows this algorithm: the position of the key that
        //    verified it (a plain value leaves the closure, not the key).
        let verifiedBy = Base64URL.withDecoded(signatureSegment) { signature -> Int? in
            candidates.firstIndex { key in
                key.algorithmSet.contains(algorithm) && key.isValidSignature(signature, signingInput: signingInput, algorithm: algorithm)
            }
        }
        switch verifiedBy {
        case nil: throw TokenGateError(.malformedToken, detail: "signature not base64url")
        case let index??:
            if remembered == nil { keys.headers.remember(headerSegment, header: header) }
            return (header, payloadSegment, candidates[index])
        case .some(nil):
            let usable = candidates.contains { $0.algorithmSet.contains(algorithm) }
            throw TokenGateError(usable ? .invalidSignature : .keyAlgorithmMismatch)
        }
    }

    private static func decodeHeader(_ segment: UnsafeRawBufferPointer, token: String) throws(TokenGateError) -> JOSEHeader {
        // The header is checked where it was parsed: what was read never travels (copying it
        // would retain and release every value it holds).
        let checked = try Base64URL.withDecoded(segment) { bytes throws(TokenGateError) -> JOSEHeader in
            var read = HeaderMembers()
            let isObject: Bool
            do throws(JSONParser.Failure) {
                isObject = try JSONParser.parseObject(bytes, maximumDepth: 8, into: &read)
            } catch {
                throw TokenGateError(.malformedHeader, detail: "header not JSON", underlying: error)
            }
            guard isObject else { throw TokenGateError(.malformedHeader, detail: "header not a JSON object") }
            return try JOSEHeader(read, token: token, segmentLength: segment.count)
        }
        guard let checked else { throw TokenGateError(.malformedToken, detail: "header not base64url") }
        return checked
    }

    /// How deep a payload may nest.
    static let payloadDepth = 32

    /// Reads a decoded payload into its member list: the one set of rules for claims read
    /// during verification and for claims a verified token reads on first use.
    static func readPayload(_ bytes: UnsafeRawBufferPointer, interned: JSONInternTable = .empty) throws(JSONParser.Failure) -> JSONMemberList? {
        try JSONParser.parseMemberList(bytes, maximumDepth: Self.payloadDepth, capacity: 12, interned: interned)
    }

    /// Decodes and reads the payload into its member list.
    func decodeClaims(_ segment: UnsafeRawBufferPointer) throws(TokenGateError) -> JSONMemberList {
        let interned = self.interned
        let members = try Base64URL.withDecoded(segment) { bytes throws(TokenGateError) -> JSONMemberList in
            let members: JSONMemberList?
            do throws(JSONParser.Failure) {
                members = try Self.readPayload(bytes, interned: interned)
            } catch {
                throw Self.unreadablePayload(error)
            }
            guard let members else { throw Self.unreadablePayload(nil) }
            return members
        }
        guard let members else { throw TokenGateError(.malformedToken, detail: "payload not base64url") }
        return members
    }

    /// Decodes and reads only the registered claims of the payload, checking the rest as
    /// strictly without building it, and passes them to `check` where they were read
    /// (returning them would copy a few hundred bytes per token).
    func readRegisteredClaims(
        _ segment: UnsafeRawBufferPointer,
        check: (borrowing RegisteredClaims) throws(TokenGateError) -> Void
    ) throws(TokenGateError) {
        let interned = self.interned
        let decoded: Void? = try Base64URL.withDecoded(segment) { bytes throws(TokenGateError) in
            var claims = RegisteredClaims()
            let isObject: Bool
            do throws(JSONParser.Failure) {
                isObject = try JSONParser.parseObject(bytes, maximumDepth: Self.payloadDepth, interned: interned, into: &claims)
            } catch {
                throw Self.unreadablePayload(error)
            }
            guard isObject else { throw Self.unreadablePayload(nil) }
            try check(claims)
        }
        guard decoded != nil else { throw TokenGateError(.malformedToken, detail: "payload not base64url") }
    }

    /// The error for a decoded payload that did not read: not JSON (`failure`), or JSON but
    /// not an object (`nil`).
    private static func unreadablePayload(_ failure: JSONParser.Failure?) -> TokenGateError {
        guard let failure else { return TokenGateError(.malformedClaims, detail: "payload not a JSON object") }
        return TokenGateError(.malformedClaims, detail: "payload not JSON", underlying: failure)
    }

    /// Signature-only verification of a compact JWS whose payload need not be JSON
    /// (published test vectors); returns the header and the decoded payload.
    package func verifySignatureOnly(_ token: String, keys: KeySet) throws(TokenGateError) -> (JOSEHeader, [UInt8]) {
        var utf8 = token
        let result: Result<(JOSEHeader, [UInt8]), TokenGateError> = utf8.withUTF8 { buffer in
            do throws(TokenGateError) {
                let (header, payload, _) = try self.verifySignature(UnsafeRawBufferPointer(buffer), token: token, keys: keys, now: nil)
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

    /// The offset of the first `.` at or after `start` (memchr), or `nil`.
    @inline(__always)
    package static func indexOfDot(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(UInt8(ascii: ".")), bytes.count - start) else { return nil }
        return UnsafeRawPointer(found) - base
    }

    static func normalizeType(_ type: String) -> String {
        let lowered = type.lowercased()
        return lowered.hasPrefix("application/") ? String(lowered.dropFirst("application/".count)) : lowered
    }
}
