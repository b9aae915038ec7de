import CoreMetrics
public import Logging
import Synchronization

/// One issuer's key set: fetched, parsed once, kept fresh, and kept through outages.
///
/// Requests read the current ``KeySetSnapshot`` with one lock acquisition, no actor hop and no
/// allocation. All mutable state lives in one `Mutex`-protected state machine that decides
/// when to fetch; fetches run outside the lock, one at a time, in a task that belongs to the
/// cache (so cancelling the request that started one does not cancel it).
///
/// ```swift
/// let cache = KeySetCache(
///     configuration: .init(source: .appID(oauthServerURL: oauthServerURL)),
///     fetcher: HTTPJWKSFetcher()
/// )
/// ```
///
/// - Freshness from `Cache-Control`/`Expires`, clamped to ``Configuration/lifetimeRange``;
///   the background ``KeySetRefreshService`` fetches at about 80 % of it.
/// - An unknown `kid` (after the token's cheap checks pass) or a failed signature under a known
///   `kid` triggers at most one fetch per ``Configuration/cooldown``; other requests fail at
///   once rather than wait, and absent `kid`s are remembered for a cooldown.
/// - When fetches fail, the last good key set is used for up to ``Configuration/maximumStaleness``
///   past its expiry; with none at all, requests get `.keysUnavailable` with a `retryAfter`.
/// - A request that finds the key set expired is answered with it at once and starts a fetch in
///   the background (stale-while-revalidate), so a key removed upstream stops being trusted
///   soon after expiry even without the refresh service.
/// - One fetch never takes longer than ``Configuration/fetchTimeLimit``, so requests waiting for
///   it always get their answer by then.
public final class KeySetCache: Sendable {
    /// The configuration.
    public let configuration: Configuration
    let fetcher: any JWKSFetcher
    let logger: Logger
    let wallClock: any WallClock
    let elapsed: @Sendable () -> Duration
    let sleeper: @Sendable (Duration) async throws -> Void
    /// Sleeps until this point of ``elapsed``'s timeline.
    let sleeperUntil: @Sendable (Duration) async throws -> Void
    let metrics: Metrics
    let random: @Sendable () -> Double

    struct Locked: ~Copyable {
        var machine: StateMachine
        var inFlight: Task<Result<KeySetSnapshot, TokenGateError>, Never>?
        var discoveredJWKSURL: String?
    }

    let state: Mutex<Locked>

    /// Creates a cache. Nothing is fetched until the first request or the refresh service.
    ///
    /// - Parameters:
    ///   - configuration: Source, freshness and limits.
    ///   - fetcher: How documents are fetched.
    ///   - clock: The monotonic clock for freshness, cooldowns and backoff.
    ///   - wallClock: Wall-clock time for the durable copy.
    ///   - logger: Fetch outcomes are logged once per state change. Defaults to no logging.
    public init(
        configuration: Configuration,
        fetcher: any JWKSFetcher,
        clock: some Clock<Duration> = ContinuousClock(),
        wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "TokenGate.KeySetCache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.fetcher = fetcher
        self.logger = logger
        self.wallClock = wallClock
        let origin = clock.now
        self.elapsed = { origin.duration(to: clock.now) }
        self.sleeper = { duration in try await clock.sleep(for: duration) }
        self.sleeperUntil = { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) }
        self.metrics = Metrics(name: configuration.name, factory: configuration.metricsFactory)
        self.random = { Double.random(in: 0..<1) }
        var machine = StateMachine(policy: configuration.policy)
        if let path = configuration.persistencePath {
            if let snapshot = Self.loadPersisted(
                path: path,
                now: self.elapsed(),
                wallNow: wallClock.currentDate(),
                configuration: configuration,
                logger: logger
            ) {
                machine.loadedDurableCopy(snapshot)
            }
        }
        self.state = Mutex(Locked(machine: machine, inFlight: nil, discoveredJWKSURL: nil))
    }

    /// The key set requests may use now, or `nil` before the first successful fetch (or after
    /// the last one aged past ``Configuration/maximumStaleness``).
    ///
    /// Reading it when the key set has expired (or came from the durable copy and has not been
    /// fetched since) starts a fetch in the background, unless one is in flight or fetches are
    /// backing off; the reader never waits for it.
    public var snapshot: KeySetSnapshot? {
        let now = self.elapsed()
        return self.state.withLock { state in
            let (snapshot, revalidate) = state.machine.snapshotForRequest(now: now)
            if revalidate {
                // Owned by the cache, like every fetch; joiners find it in `inFlight`.
                state.inFlight = Task { await self.fetch(cause: .expired) }
            }
            return snapshot
        }
    }

    /// Whether requests can be verified now (for a readiness probe).
    public var isReady: Bool { self.snapshot != nil }

    /// Fetches now, unless a fetch is already in flight (then waits for it). For operators and
    /// tests; no cooldown applies.
    /// - Throws: ``TokenGateError`` with the fetch's failure; the last good key set is kept.
    @discardableResult
    public func refresh() async throws(TokenGateError) -> KeySetSnapshot {
        return try await self.run { machine in machine.manualRefresh() }.get()
    }

    /// Keys for a request that found no usable snapshot: joins or starts a fetch, or fails at
    /// once with `.keysUnavailable` while fetches are backing off.
    package func keysForColdStart() async throws(TokenGateError) -> KeySetSnapshot {
        let now = self.elapsed()
        if let snapshot = self.snapshot { return snapshot }
        switch await self.run({ machine in machine.needKeys(now: now) }) {
        case .success(let snapshot): return snapshot
        case .failure(let error):
            if let snapshot = self.snapshot { return snapshot }
            let later = self.elapsed()
            let retryAfter = error.retryAfter ?? self.state.withLock { $0.machine.retryAfter(now: later) }
            throw TokenGateError(.keysUnavailable, detail: "no key set yet", underlying: error, retryAfter: retryAfter)
        }
    }

    /// A plausible token needs a key the snapshot lacks: returns a newer snapshot when a
    /// (rate-limited, single-flight) refresh produced one, `nil` when the caller must fail now.
    package func refreshForMissingKey(_ keyID: String?, cause: RefreshCause) async -> KeySetSnapshot? {
        let now = self.elapsed()
        var negativeHit = false
        let result = await self.run { machine in
            let decision = machine.missingKey(keyID, cause: cause, now: now)
            if case .refuse(_, true) = decision { negativeHit = true }
            return decision
        }
        if negativeHit { self.metrics.negativeCacheHits.increment() }
        guard case .success(let snapshot) = result else { return nil }
        if cause == .unknownKey, let keyID, !snapshot.keys.contains(keyID: keyID) {
            let now = self.elapsed()
            self.state.withLock { $0.machine.rememberAbsent(keyID, now: now) }
        }
        return snapshot
    }

    /// For the refresh service: fetches when the snapshot is due, and says when to look again.
    package func refreshIfDue() async -> Duration {
        let now = self.elapsed()
        _ = await self.run { machine in
            guard machine.scheduledRefresh(now: now) else { return .refuse(retryAfter: .zero, negativeCacheHit: false) }
            return .start(machine.snapshot == nil ? .initial : .scheduled)
        }
        let after = self.elapsed()
        let (next, fetchedAt) = self.state.withLock { ($0.machine.nextRefresh(now: after), $0.machine.snapshot?.fetchedAt) }
        if let fetchedAt {
            self.metrics.snapshotAge.record((after - fetchedAt).seconds)
        }
        return next - after
    }

    /// The number of `kid`s currently remembered as absent (bounded by the configuration).
    public var negativeCacheCount: Int {
        self.state.withLock { $0.machine.negative.count }
    }

    /// Decides under the lock and, when the decision is to fetch, starts the fetch task under
    /// the same lock, so a request that decides to join always finds the task to wait for.
    /// Waiting is bounded by ``Configuration/fetchTimeLimit``: the task always ends by then.
    private func run(_ decide: (inout StateMachine) -> FetchDecision) async -> Result<KeySetSnapshot, TokenGateError> {
        let (decision, task) = self.state.withLock { state -> (FetchDecision, Task<Result<KeySetSnapshot, TokenGateError>, Never>?) in
            let decision = decide(&state.machine)
            switch decision {
            case .start(let cause):
                // The task belongs to the cache: cancelling the request that started it does not cancel it.
                let task = Task { await self.fetch(cause: cause) }
                state.inFlight = task
                return (decision, task)
            case .join:
                return (decision, state.inFlight)
            case .refuse:
                return (decision, nil)
            }
        }
        if case .refuse(let retryAfter, _) = decision {
            return .failure(TokenGateError(.keysUnavailable, detail: "no fetch now", retryAfter: retryAfter))
        }
        guard let task else {
            if let snapshot = self.snapshot { return .success(snapshot) }
            return .failure(TokenGateError(.keysUnavailable, retryAfter: .seconds(1)))
        }
        return await task.value
    }
}
