#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A JWT NumericDate: seconds since 1970-01-01T00:00:00Z, ignoring leap seconds (RFC 7519 §2).
public struct NumericDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The latest date a claim may carry: 9999-12-31T23:59:59Z. Larger values are malformed.
    public static let maximumSeconds: Double = 253_402_300_799

    /// Seconds since the epoch.
    public var secondsSinceEpoch: Double

    /// Creates a date.
    /// - Parameter secondsSinceEpoch: Seconds since 1970-01-01T00:00:00Z.
    public init(secondsSinceEpoch: Double) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// Reads a claim value: a finite JSON number between 0 and ``maximumSeconds``
    /// (fractions allowed, as RFC 7519 permits); `nil` for anything else.
    public init?(claim: JSONValue) {
        guard case .number(let number) = claim, let seconds = number.doubleValue,
            seconds >= 0, seconds <= Self.maximumSeconds
        else { return nil }
        self.secondsSinceEpoch = seconds
    }

    /// The current wall-clock time. Verification never calls this itself: callers pass `now`,
    /// usually from a ``WallClock``.
    public static var now: NumericDate {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return NumericDate(secondsSinceEpoch: Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9)
    }

    /// This date moved by `duration`.
    public func adding(_ duration: Duration) -> NumericDate {
        NumericDate(secondsSinceEpoch: self.secondsSinceEpoch + duration.seconds)
    }

    public static func < (lhs: NumericDate, rhs: NumericDate) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    public var description: String { "\(self.secondsSinceEpoch)" }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    package var seconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
