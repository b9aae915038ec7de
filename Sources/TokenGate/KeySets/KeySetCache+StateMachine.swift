extension KeySetCache {
    /// Why a fetch happens (a metric dimension; a fixed set).
    package enum RefreshCause: String, Sendable {
        case initial
        case scheduled
        case unknownKey = "unknown_key"
        case signatureFailure = "signature_failure"
        case manual
        /// A request found the key set expired (stale-while-revalidate).
        case expired
    }

    /// What a caller that needs a fetch should do.
    package enum FetchDecision: Equatable {
        /// Start a fetch (the caller owns it) for this cause.
        case start(RefreshCause)
        /// A fetch is in flight: wait for it.
        case join
        /// No fetch now: fail at once; a retry may succeed after `retryAfter`.
        case refuse(retryAfter: Duration, negativeCacheHit: Bool)
    }

    /// A change worth one log line.
    package enum Transition: Equatable {
        case becameReady
        case updated
        case recovered
        case startedFailing
    }

    /// All of a key set's mutable state, with the rules for when to fetch. No I/O and no
    /// clock reads: every input carries `now`, so it is tested without a network or time.
    package struct StateMachine {
        package struct Policy: Sendable {
            var minimumLifetime: Duration
            var maximumLifetime: Duration
            var defaultLifetime: Duration
            var refreshFraction: Double
            var refreshJitter: Double
            var cooldown: Duration
            var negativeCacheLimit: Int
            var maximumStaleness: Duration
            var failureBackoff: ClosedRange<Duration>
        }

        package let policy: Policy
        package private(set) var snapshot: KeySetSnapshot?
        package private(set) var fetchInFlight = false
        package private(set) var failures = 0
        private var lastForcedFetch: Duration?
        private var retryNotBefore: Duration = .zero
        package private(set) var negative: [String: Duration] = [:]
        /// Whether the snapshot was fetched by this process (not only read from the durable copy).
        package private(set) var snapshotConfirmed = true

        package init(policy: Policy, snapshot: KeySetSnapshot? = nil) {
            self.policy = policy
            self.snapshot = snapshot
        }

        /// The snapshot requests may use now: the newest one, until `maximumStaleness` past its expiry.
        package func usableSnapshot(now: Duration) -> KeySetSnapshot? {
            guard let snapshot, now <= snapshot.expiresAt + self.policy.maximumStaleness else { return nil }
            return snapshot
        }

        /// The durable copy was read at start: usable as the last good set, but fetched again at
        /// the first chance (its `ETag` is never reused).
        package mutating func loadedDurableCopy(_ snapshot: KeySetSnapshot) {
            self.snapshot = snapshot
            self.snapshotConfirmed = false
        }

        /// The snapshot a request uses, and whether that request should start a background
        /// fetch: the snapshot has expired (or is an unconfirmed durable copy), and no fetch is in
        /// flight or backing off. When it says so, the fetch is marked in flight.
        package mutating func snapshotForRequest(now: Duration) -> (snapshot: KeySetSnapshot?, revalidate: Bool) {
            guard let snapshot = self.usableSnapshot(now: now) else { return (nil, false) }
            guard now > snapshot.expiresAt || !self.snapshotConfirmed, !self.fetchInFlight, now >= self.retryNotBefore else {
                return (snapshot, false)
            }
            self.fetchInFlight = true
            return (snapshot, true)
        }

        /// A request found no usable snapshot (cold start, or the last one aged out).
        package mutating func needKeys(now: Duration) -> FetchDecision {
            if self.fetchInFlight { return .join }
            if now < self.retryNotBefore {
                return .refuse(retryAfter: self.retryNotBefore - now, negativeCacheHit: false)
            }
            self.fetchInFlight = true
            return .start(self.snapshot == nil ? .initial : .scheduled)
        }

        /// A plausible token names a key the snapshot lacks (`kid`), or its signature failed
        /// under a known `kid` (`cause == .signatureFailure`).
        package mutating func missingKey(_ keyID: String?, cause: RefreshCause, now: Duration) -> FetchDecision {
            if cause == .unknownKey, let keyID, let until = self.negative[keyID] {
                if now < until { return .refuse(retryAfter: until - now, negativeCacheHit: true) }
                self.negative[keyID] = nil
            }
            if self.fetchInFlight { return .join }
            if let last = self.lastForcedFetch, now < last + self.policy.cooldown {
                return .refuse(retryAfter: last + self.policy.cooldown - now, negativeCacheHit: false)
            }
            if now < self.retryNotBefore {
                return .refuse(retryAfter: self.retryNotBefore - now, negativeCacheHit: false)
            }
            self.lastForcedFetch = now
            self.fetchInFlight = true
            return .start(cause)
        }

        /// Whether the background refresh should fetch now; if so the fetch is marked in flight.
        package mutating func scheduledRefresh(now: Duration) -> Bool {
            guard !self.fetchInFlight, now >= self.retryNotBefore else { return false }
            if let snapshot, now < snapshot.refreshAt { return false }
            self.fetchInFlight = true
            return true
        }

        /// An operator asked for a refresh: single-flight, but no cooldown.
        package mutating func manualRefresh() -> FetchDecision {
            if self.fetchInFlight { return .join }
            self.fetchInFlight = true
            return .start(.manual)
        }

        /// How long until a fetch may be tried again after failures (at least one second).
        package func retryAfter(now: Duration) -> Duration {
            max(.seconds(1), self.retryNotBefore - now)
        }

        /// When the background refresh next has work.
        package func nextRefresh(now: Duration) -> Duration {
            let due = self.snapshot?.refreshAt ?? now
            return max(due, self.retryNotBefore)
        }

        package mutating func fetchSucceeded(_ snapshot: KeySetSnapshot, now: Duration) -> Transition? {
            let previous = self.snapshot
            self.fetchInFlight = false
            self.snapshot = snapshot
            self.snapshotConfirmed = true
            self.retryNotBefore = .zero
            let wasFailing = self.failures > 0
            self.failures = 0
            // Kids the new set has are no longer absent.
            if !self.negative.isEmpty {
                self.negative = self.negative.filter { !snapshot.keys.contains(keyID: $0.key) }
            }
            if wasFailing { return .recovered }
            if previous == nil { return .becameReady }
            return previous!.keys.keys.map(\.identity) == snapshot.keys.keys.map(\.identity) ? nil : .updated
        }

        package mutating func fetchFailed(now: Duration) -> Transition? {
            self.fetchInFlight = false
            self.failures += 1
            // Exponential backoff so a down provider is not hammered by cold requests.
            let exponent = min(self.failures - 1, 16)
            let backoff = min(self.policy.failureBackoff.lowerBound * (1 << exponent), self.policy.failureBackoff.upperBound)
            self.retryNotBefore = now + backoff
            return self.failures == 1 ? .startedFailing : nil
        }

        /// A refresh confirmed that no key has `keyID`: remember it for one cooldown.
        package mutating func rememberAbsent(_ keyID: String, now: Duration) {
            if self.negative.count >= self.policy.negativeCacheLimit {
                self.negative = self.negative.filter { $0.value > now }
                if self.negative.count >= self.policy.negativeCacheLimit {
                    // Still full of live entries: a flood. Start over rather than grow.
                    self.negative.removeAll(keepingCapacity: true)
                }
            }
            self.negative[keyID] = now + self.policy.cooldown
        }

        /// The lifetime and refresh point for a document fetched at `now`.
        package func freshness(requested: Duration?, now: Duration, jitter: Double) -> (expiresAt: Duration, refreshAt: Duration) {
            let lifetime = CacheLifetime.clamped(
                requested,
                fallback: self.policy.defaultLifetime,
                range: self.policy.minimumLifetime...self.policy.maximumLifetime
            )
            let fraction = self.policy.refreshFraction + self.policy.refreshJitter * (jitter * 2 - 1)
            return (now + lifetime, now + lifetime * max(0.5, min(fraction, 0.95)))
        }
    }
}
