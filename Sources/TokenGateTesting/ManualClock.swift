import Synchronization
public import TokenGate

/// A clock that moves only when told: both a monotonic `Clock` (for cache lifetimes,
/// cooldowns and sleeps) and a ``WallClock`` (for claim checks), advancing together.
///
/// ```swift
/// let clock = ManualClock()
/// let cache = KeySetCache(configuration: configuration, fetcher: fetcher, clock: clock, wallClock: clock)
/// clock.advance(by: .seconds(3600))   // wakes sleepers whose deadline passed
/// await clock.waitUntil { clock.sleeperCount == 1 }   // the background task is parked again
/// ```
public final class ManualClock: Clock, WallClock {
    /// A point on the manual clock's timeline.
    public struct Instant: InstantProtocol {
        /// Time since the clock was made.
        public var offset: Duration

        /// This instant moved by `duration`.
        public func advanced(by duration: Duration) -> Instant { Instant(offset: self.offset + duration) }
        /// The duration from this instant to `other`.
        public func duration(to other: Instant) -> Duration { other.offset - self.offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct State {
        var offset: Duration = .zero
        var wall: NumericDate
        var sleepers: [(id: UInt64, deadline: Duration, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 0
        var cancelled: Set<UInt64> = []
        var watchers: [(id: UInt64, condition: @Sendable () -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: Mutex<State>

    /// Creates a clock whose wall time starts at `now`.
    public init(now: NumericDate = NumericDate(secondsSinceEpoch: 1_700_000_000)) {
        self.state = Mutex(State(wall: now))
    }

    /// The current instant.
    public var now: Instant { Instant(offset: self.state.withLock { $0.offset }) }

    /// The smallest step: none.
    public var minimumResolution: Duration { .zero }

    /// The current wall-clock time.
    public func currentDate() -> NumericDate { self.state.withLock { $0.wall } }

    /// How many tasks are sleeping on this clock.
    public var sleeperCount: Int { self.state.withLock { $0.sleepers.count } }

    /// The deadlines of the tasks sleeping on this clock, soonest first.
    public var sleeperDeadlines: [Instant] {
        self.state.withLock { $0.sleepers.map { Instant(offset: $0.deadline) }.sorted() }
    }

    /// Moves both timelines forward and wakes every sleeper whose deadline has passed.
    public func advance(by duration: Duration) {
        let due = self.state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.offset += duration
            state.wall = state.wall.adding(duration)
            let ready = state.sleepers.filter { $0.deadline <= state.offset }
            state.sleepers.removeAll { $0.deadline <= state.offset }
            return ready.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
        self.checkWatchers()
    }

    /// Suspends until `condition` holds. It is checked at once, then again each time a task
    /// starts sleeping on this clock, is woken, or is cancelled: the moments a background loop
    /// driven by this clock finishes a step. Wait for the state a loop leaves just before it
    /// parks (for example `sleeperCount == 1` once a fetch is over), never for a fixed time.
    ///
    /// There is no timeout: give the test a `.timeLimit` trait.
    public func waitUntil(_ condition: @escaping @Sendable () -> Bool) async {
        if condition() { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            self.state.withLock { state in
                state.nextID += 1
                state.watchers.append((state.nextID, condition, continuation))
            }
            self.checkWatchers()
        }
    }

    /// Resumes the watchers whose condition holds now. Conditions run outside the lock (they
    /// may read other locked state); a watcher is resumed only by whoever removes it.
    private func checkWatchers() {
        let watchers = self.state.withLock { $0.watchers.map { ($0.id, $0.condition) } }
        for (id, condition) in watchers where condition() {
            let continuation = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.watchers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.watchers.remove(at: index).continuation
            }
            continuation?.resume()
        }
    }

    /// Sets the wall-clock time without moving the monotonic timeline (a wall-clock jump).
    public func setWallClock(_ date: NumericDate) {
        self.state.withLock { $0.wall = date }
    }

    /// Suspends until the clock is advanced past `deadline`, or the task is cancelled.
    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = self.state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = self.state.withLock { state -> (any Error)?? in
                    if state.cancelled.remove(id) != nil { return .some(CancellationError()) }
                    if deadline.offset <= state.offset { return .some(nil) }
                    state.sleepers.append((id, deadline.offset, continuation))
                    return nil
                }
                switch resumeNow {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: self.checkWatchers()
                }
            }
        } onCancel: {
            let continuation = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
                if let index = state.sleepers.firstIndex(where: { $0.id == id }) {
                    return state.sleepers.remove(at: index).continuation
                }
                state.cancelled.insert(id)
                return nil
            }
            continuation?.resume(throwing: CancellationError())
            if continuation != nil { self.checkWatchers() }
        }
    }
}
