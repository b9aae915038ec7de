public import TokenGate
import Synchronization

/// A clock that moves only when told: both a monotonic `Clock` (for cache lifetimes,
/// cooldowns and sleeps) and a ``WallClock`` (for claim checks), advancing together.
///
/// ```swift
/// let clock = ManualClock()
/// let cache = KeySetCache(configuration: configuration, fetcher: fetcher, clock: clock, wallClock: clock)
/// clock.advance(by: .seconds(3600))   // wakes sleepers whose deadline passed
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
                case .none: break
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
        }
    }
}
