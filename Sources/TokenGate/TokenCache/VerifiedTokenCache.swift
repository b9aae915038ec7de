import Synchronization

/// A bounded cache of tokens that already passed full verification, keyed by the exact token
/// text and the verifier that accepted it, so a client that sends the same token on every
/// request pays for one signature check.
///
/// - An entry answers only the verifier that accepted it: verifiers sharing one cache (say an
///   API's and a client's, with other audiences) never accept each other's tokens.
/// - An entry lives until the token's `exp` (plus the leeway) and is dropped as soon as the
///   key that verified it is no longer in the issuer's key set (rotation or revocation).
/// - Time claims (`exp`, `nbf`) are checked again on every hit, against the current time.
/// - Only verified tokens are stored, so an attacker cannot fill it without valid tokens; it is
///   bounded both in entries and in bytes, evicting the least recently used.
/// - Custom ``ClaimValidator``s ran when the token was first verified; they must depend only on
///   the token (route requirements are checked by the pipeline on every request).
///
/// ```swift
/// let issuer = IssuerVerifier(verifier: verifier, keys: keys, tokenCache: VerifiedTokenCache())
/// ```
public final class VerifiedTokenCache: Sendable {
    /// Limits.
    public struct Configuration: Sendable {
        /// The most tokens kept (default 10 000).
        public var maximumEntries: Int = 10_000
        /// The most token bytes kept (default 16 MiB).
        public var maximumBytes: Int = 16 * 1024 * 1024

        /// The defaults.
        public init() {}
    }

    /// The exact token text and the verifier that accepted it as a dictionary key, hashed by
    /// the text's length and last 32 bytes only.
    ///
    /// The tail of a compact JWS is its signature: for the tokens stored here (all verified)
    /// those bytes are unforgeable and unique, so they spread entries as well as the whole text
    /// would, at a fraction of the cost of hashing a kilobyte per request. Equality still
    /// compares the whole text, byte for byte, so a look-alike with the same tail never hits.
    /// (Not `String`'s `==`, which compares canonical equivalents equal: "\u{212A}" (KELVIN
    /// SIGN) is "K" to it. `APIStrategy` looks a token up before checking its characters.)
    struct TokenKey: Hashable {
        let text: String
        /// The accepting verifier's ``TokenVerifier/identity``.
        let verifier: UInt64

        init(text: String, verifier: UInt64 = 0) {
            self.text = text
            self.verifier = verifier
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(self.verifier)
            var text = self.text
            text.withUTF8 { bytes in
                hasher.combine(bytes.count)
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[max(0, bytes.count - 32)...])))
            }
        }

        static func == (lhs: TokenKey, rhs: TokenKey) -> Bool {
            lhs.verifier == rhs.verifier && lhs.text.hasSameUTF8(as: rhs.text)
        }
    }

    /// One cached token; nodes live in a slab and link by index, so recency updates never
    /// hash the (long) token text again.
    struct Node {
        var key: String
        var verifier: UInt64
        var token: VerifiedToken
        var keyIdentity: [UInt8]
        /// The ``KeySetSnapshot/generation`` the key was last seen in.
        var generation: UInt64
        var expiresAt: Double
        var notBefore: Double
        var older = -1
        var newer = -1
    }

    struct State {
        var index: [TokenKey: Int] = [:]
        var nodes: [Node] = []
        var free: [Int] = []
        var oldest = -1
        var newest = -1
        var bytes = 0
        var statistics = Statistics()

        mutating func unlink(_ slot: Int) {
            let node = self.nodes[slot]
            if node.older >= 0 { self.nodes[node.older].newer = node.newer } else { self.oldest = node.newer }
            if node.newer >= 0 { self.nodes[node.newer].older = node.older } else { self.newest = node.older }
        }

        mutating func appendNewest(_ slot: Int) {
            self.nodes[slot].older = self.newest
            self.nodes[slot].newer = -1
            if self.newest >= 0 { self.nodes[self.newest].newer = slot }
            self.newest = slot
            if self.oldest < 0 { self.oldest = slot }
        }

        mutating func remove(slot: Int) {
            self.unlink(slot)
            let key = self.nodes[slot].key
            self.index[TokenKey(text: key, verifier: self.nodes[slot].verifier)] = nil
            self.bytes -= key.utf8.count
            // Drop the heavy parts now; the slot is reused later.
            self.nodes[slot].key = ""
            self.nodes[slot].keyIdentity = []
            self.free.append(slot)
        }
    }

    /// Counts since the cache was created.
    public struct Statistics: Sendable, Hashable {
        /// Lookups answered from the cache.
        public var hits = 0
        /// Lookups that found no usable entry.
        public var misses = 0
        /// Entries dropped because their key left the key set.
        public var keyRemovals = 0
    }

    /// The limits.
    public let configuration: Configuration
    private let state = Mutex(State())

    /// Creates an empty cache.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The number of tokens held.
    public var count: Int { self.state.withLock { $0.index.count } }

    /// Hits, misses and key-removal evictions so far.
    public var statistics: Statistics { self.state.withLock { $0.statistics } }

    /// A cached verification of `token` by the verifier of identity `verifier`, if it is still
    /// valid at `now` (seconds since the epoch) with `snapshot` as the current key set.
    package func lookup(_ token: String, verifier: UInt64, snapshot: KeySetSnapshot, now: Double, leeway: Double) -> VerifiedToken? {
        let key = TokenKey(text: token, verifier: verifier)
        return self.state.withLock { state -> VerifiedToken? in
            guard let slot = state.index[key] else {
                state.statistics.misses += 1
                return nil
            }
            guard now < state.nodes[slot].expiresAt + leeway else {
                state.remove(slot: slot)
                state.statistics.misses += 1
                return nil
            }
            // Not yet valid: keep the entry, refuse this time (full verification reports why).
            guard state.nodes[slot].notBefore <= now + leeway else {
                state.statistics.misses += 1
                return nil
            }
            if state.nodes[slot].generation != snapshot.generation {
                // The key set changed: the entry survives only if its key is still there.
                let identity = state.nodes[slot].keyIdentity
                let stillThere = snapshot.keys.candidates(for: state.nodes[slot].token.keyID).contains { $0.identity == identity }
                guard stillThere else {
                    state.remove(slot: slot)
                    state.statistics.misses += 1
                    state.statistics.keyRemovals += 1
                    return nil
                }
                state.nodes[slot].generation = snapshot.generation
            }
            if state.newest != slot {
                state.unlink(slot)
                state.appendNewest(slot)
            }
            state.statistics.hits += 1
            return state.nodes[slot].token
        }
    }

    /// Stores a token that the verifier of identity `verifier` just accepted, with the key of
    /// identity `keyIdentity` from `snapshot`.
    package func insert(_ verified: VerifiedToken, keyIdentity: [UInt8], verifier: UInt64, snapshot: KeySetSnapshot) {
        let size = verified.raw.utf8.count
        guard size <= self.configuration.maximumBytes, self.configuration.maximumEntries > 0,
            let expiresAt = verified.claims.expiresAt?.secondsSinceEpoch
        else { return }
        let node = Node(
            key: verified.raw,
            verifier: verifier,
            token: verified,
            keyIdentity: keyIdentity,
            generation: snapshot.generation,
            expiresAt: expiresAt,
            notBefore: verified.claims.notBefore?.secondsSinceEpoch ?? 0
        )
        let key = TokenKey(text: verified.raw, verifier: verifier)
        self.state.withLock { state in
            if let existing = state.index[key] { state.remove(slot: existing) }
            while state.index.count >= self.configuration.maximumEntries || state.bytes + size > self.configuration.maximumBytes,
                state.oldest >= 0
            {
                state.remove(slot: state.oldest)
            }
            let slot: Int
            if let reused = state.free.popLast() {
                slot = reused
                state.nodes[slot] = node
            } else {
                slot = state.nodes.count
                state.nodes.append(node)
            }
            state.index[key] = slot
            state.bytes += size
            state.appendNewest(slot)
        }
    }

    /// Empties the cache.
    public func removeAll() {
        self.state.withLock { state in
            let statistics = state.statistics
            state = State()
            state.statistics = statistics
        }
    }
}
