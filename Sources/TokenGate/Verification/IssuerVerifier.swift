/// One trusted issuer: its verification rules and its key set, with the rotation rules applied.
///
/// When a plausible token (cheap checks passed) names a `kid` the key set lacks, or its
/// signature fails under a known `kid`, the key set is refreshed (single-flight, at most once
/// per cooldown) and the token is verified once more, so a rotated key is accepted on first
/// sight. Requests never wait behind a cooldown.
///
/// ```swift
/// let issuer = IssuerVerifier(verifier: TokenVerifier(configuration: rules), keys: cache)
/// let token = try await issuer.verify(bearer)
/// ```
public struct IssuerVerifier: Sendable {
    /// The rules.
    public let verifier: TokenVerifier
    /// The key set.
    public let keys: KeySetCache
    /// Tokens already verified, when caching is on.
    public let tokenCache: VerifiedTokenCache?
    let wallClock: any WallClock

    /// Creates an issuer.
    /// - Parameters:
    ///   - verifier: The issuer's rules (its configuration names the issuer).
    ///   - keys: The issuer's key set.
    ///   - tokenCache: A cache of verified tokens (see ``VerifiedTokenCache``; default: a new
    ///     one), or `nil` for none.
    ///   - wallClock: Time for claim checks.
    public init(
        verifier: TokenVerifier,
        keys: KeySetCache,
        tokenCache: VerifiedTokenCache? = VerifiedTokenCache(),
        wallClock: any WallClock = SystemWallClock()
    ) {
        self.verifier = verifier
        self.keys = keys
        self.tokenCache = tokenCache
        self.wallClock = wallClock
    }

    /// The issuer this verifier trusts.
    public var issuer: String { self.verifier.configuration.issuer }

    /// Verifies a token against the issuer's current keys.
    ///
    /// A token in the verified-token cache is answered without suspending; the lookup checks
    /// the time claims and that the token's key is still in the current key set.
    /// - Throws: ``TokenGateError``; `.keysUnavailable` (with `retryAfter`) when no key set
    ///   could be had yet.
    public func verify(_ token: String) async throws(TokenGateError) -> VerifiedToken {
        if let hit = self.cachedVerification(token) { return hit }
        var parts = try self.verifier.parts(of: token)
        return try await self.verifyUncached(&parts)
    }

    /// ``verify(_:)`` for a token already read (by ``IssuerDirectory``, to choose this issuer).
    func verify(_ parts: inout TokenParts) async throws(TokenGateError) -> VerifiedToken {
        if let hit = self.cachedVerification(parts.raw) { return hit }
        return try await self.verifyUncached(&parts)
    }

    private func verifyUncached(_ parts: inout TokenParts) async throws(TokenGateError) -> VerifiedToken {
        let snapshot: KeySetSnapshot
        if let current = self.keys.snapshot {
            snapshot = current
        } else {
            snapshot = try await self.keys.keysForColdStart()
            // Without a key set, the cache could not be asked: ask it now.
            if let hit = self.cachedVerification(parts.raw, snapshot: snapshot) { return hit }
        }
        do {
            return try self.verifyAndRemember(&parts, snapshot: snapshot)
        } catch  where error.code == .unknownKey || error.code == .invalidSignature {
            // HMAC keys are configured, not fetched: a refresh cannot help them.
            guard !parts.header.algorithm.isSymmetric else { throw error }
            let cause: KeySetCache.RefreshCause = error.code == .unknownKey ? .unknownKey : .signatureFailure
            if cause == .signatureFailure {
                // Only a token that could be valid is worth a refresh (unknown kids were checked already).
                guard self.verifier.passesCheapChecks(&parts, now: self.wallClock.currentDate()) else { throw error }
            }
            guard let newer = await self.keys.refreshForMissingKey(parts.header.keyID, cause: cause), newer.generation != snapshot.generation else {
                throw error
            }
            return try self.verifyAndRemember(&parts, snapshot: newer)
        }
    }

    /// The cached verification of `token`, without suspending; `nil` when the token has to be
    /// verified or the keys waited for.
    private func cachedVerification(_ token: String) -> VerifiedToken? {
        // Without a cache, not even the snapshot is read.
        guard self.tokenCache != nil, let snapshot = self.keys.snapshot else { return nil }
        return self.cachedVerification(token, snapshot: snapshot)
    }

    private func cachedVerification(_ token: String, snapshot: KeySetSnapshot) -> VerifiedToken? {
        self.tokenCache?.lookup(
            token,
            verifier: self.verifier.identity,
            snapshot: snapshot,
            now: self.wallClock.currentDate().secondsSinceEpoch,
            leeway: self.verifier.leeway
        )
    }

    private func verifyAndRemember(_ parts: inout TokenParts, snapshot: KeySetSnapshot) throws(TokenGateError) -> VerifiedToken {
        let (verified, key) = try self.verifier.verify(&parts, keys: snapshot.keys, now: self.wallClock.currentDate())
        self.tokenCache?.insert(verified, keyIdentity: key.identity, verifier: self.verifier.identity, snapshot: snapshot)
        return verified
    }
}
