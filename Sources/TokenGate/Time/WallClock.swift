/// A source of wall-clock time for claim checks.
///
/// Inject one everywhere time matters so tests can use a manual clock
/// (`TokenGateTesting.ManualClock`); production code uses ``SystemWallClock``.
public protocol WallClock: Sendable {
    /// The current time.
    func currentDate() -> NumericDate
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    /// Creates the system clock.
    public init() {}

    /// The current time from `CLOCK_REALTIME`.
    public func currentDate() -> NumericDate { .now }
}
