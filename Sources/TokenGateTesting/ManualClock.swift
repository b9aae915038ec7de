public import TokenGate
import Synchronization

/// A wall clock that moves only when told, for deterministic tests of expiry and leeway.
///
/// ```swift
/// let clock = ManualClock(now: NumericDate(secondsSinceEpoch: 1_700_000_000))
/// clock.advance(by: .seconds(3600))
/// ```
public final class ManualClock: WallClock {
    private let current: Mutex<NumericDate>

    /// Creates a clock showing `now`.
    public init(now: NumericDate = NumericDate(secondsSinceEpoch: 1_700_000_000)) {
        self.current = Mutex(now)
    }

    /// The time the clock shows.
    public func now() -> NumericDate { self.current.withLock { $0 } }

    /// Moves the clock forward (or back, with a negative duration).
    public func advance(by duration: Duration) {
        self.current.withLock { $0 = $0.adding(duration) }
    }

    /// Sets the clock.
    public func set(_ date: NumericDate) {
        self.current.withLock { $0 = date }
    }
}
