import Crypto
import Synchronization

/// The refreshes of browser sessions, one at a time per refresh token.
///
/// A page loads its scripts, styles and API calls in parallel, so several requests of one
/// session find its access token about to expire at the same moment. Each sending the refresh
/// token would make a provider that rotates refresh tokens see one used twice, and revoke the
/// whole family (the user is logged out). Here the first request starts the refresh-token grant
/// and the others wait for it and share its result. The result stays for `retention` after it
/// arrived, for requests that read the session before the new tokens were written to it (they
/// still hold the old refresh token).
///
/// Waiting is bounded: a caller gets `nil` (no refresh) after `waitLimit`, and a grant still
/// running after that long no longer holds back a new one.
final class WebSessionRefreshes: Sendable {
    /// What a refresh produced: the new tokens, or `nil` when it failed.
    typealias Result = WebAppStrategy.Outcome?

    /// One refresh-token grant and the callers waiting for it.
    private final class Flight: Sendable {
        private enum State {
            case running(waiters: [Int: CheckedContinuation<Result, Never>])
            case finished(Result, at: Double)
        }

        let startedAt: Double
        private let state = Mutex(State.running(waiters: [:]))
        private let nextWaiter = Atomic<Int>(0)

        init(startedAt: Double) {
            self.startedAt = startedAt
        }

        /// When the result arrived, if it has.
        var finishedAt: Double? {
            self.state.withLock { state in
                if case .finished(_, let at) = state { return at }
                return nil
            }
        }

        /// Hands `result` to every waiter and keeps it for later callers.
        func finish(_ result: Result, at now: Double) {
            let waiters = self.state.withLock { state -> [CheckedContinuation<Result, Never>] in
                guard case .running(let waiters) = state else { return [] }
                state = .finished(result, at: now)
                return Array(waiters.values)
            }
            for waiter in waiters { waiter.resume(returning: result) }
        }

        /// The result, waiting at most `limit` for it (`nil` after that).
        func wait(limit: Duration) async -> Result {
            let id = self.nextWaiter.wrappingAdd(1, ordering: .relaxed).oldValue
            var timeout: Task<Void, Never>?
            let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
                let finished = self.state.withLock { state -> Result? in
                    switch state {
                    case .finished(let result, _):
                        return .some(result)
                    case .running(var waiters):
                        waiters[id] = continuation
                        state = .running(waiters: waiters)
                        return nil
                    }
                }
                if let finished {
                    continuation.resume(returning: finished)
                    return
                }
                timeout = Task {
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    self.giveUp(id)
                }
            }
            timeout?.cancel()
            return result
        }

        private func giveUp(_ id: Int) {
            let waiter = self.state.withLock { state -> CheckedContinuation<Result, Never>? in
                guard case .running(var waiters) = state, let waiter = waiters.removeValue(forKey: id) else { return nil }
                state = .running(waiters: waiters)
                return waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Flights by the SHA-256 of their refresh token (the token itself is not kept).
    private let flights = Mutex([[UInt8]: Flight]())
    /// How long a finished refresh's result is reused (seconds of the wall clock).
    let retention: Double
    /// How long a caller waits for a refresh.
    let waitLimit: Duration

    /// Creates an empty set of refreshes.
    /// - Parameters:
    ///   - retention: How long a result is reused for the same refresh token (default 30 s).
    ///   - waitLimit: How long a caller waits for a refresh (default 15 s).
    init(retention: Duration = .seconds(30), waitLimit: Duration = .seconds(15)) {
        self.retention = Double(retention.components.seconds)
        self.waitLimit = waitLimit
    }

    /// The result of refreshing with `refreshToken`: the one in progress or just finished, or
    /// a new one made with `grant`.
    /// - Parameters:
    ///   - refreshToken: The session's refresh token.
    ///   - wallClock: Time for retention.
    ///   - grant: Performs the refresh-token grant.
    func refresh(_ refreshToken: String, wallClock: any WallClock, grant: @escaping @Sendable () async -> Result) async -> Result {
        let key = Array(SHA256.hash(data: Array(refreshToken.utf8)))
        let now = wallClock.currentDate().secondsSinceEpoch
        let limit = Double(self.waitLimit.components.seconds)
        let (flight, isNew) = self.flights.withLock { flights -> (Flight, Bool) in
            if let flight = flights[key], self.isCurrent(flight, now: now, limit: limit) { return (flight, false) }
            flights = flights.filter { self.isCurrent($0.value, now: now, limit: limit) }
            let flight = Flight(startedAt: now)
            flights[key] = flight
            return (flight, true)
        }
        if isNew {
            Task {
                let result = await grant()
                flight.finish(result, at: wallClock.currentDate().secondsSinceEpoch)
            }
        }
        return await flight.wait(limit: self.waitLimit)
    }

    /// Whether a caller should still join `flight`: running for less than the wait limit, or
    /// finished within the retention.
    private func isCurrent(_ flight: Flight, now: Double, limit: Double) -> Bool {
        if let finishedAt = flight.finishedAt { return now - finishedAt <= self.retention }
        return now - flight.startedAt <= limit
    }
}
