import NIOCore

/// One deadline for a whole exchange: connecting, the head, any redirects and every byte of
/// the body.
///
/// AsyncHTTPClient's `execute(_:deadline:)` stops watching the deadline once the response head
/// has arrived, and its read timeout restarts with every byte, so a server that sends the head
/// and then one body byte at a time could hold an exchange for as long as it likes. ``run(_:)``
/// runs the exchange beside a sleeping task: whichever ends first wins and the other is
/// cancelled (cancelling the task that reads an AsyncHTTPClient body cancels the request).
struct FetchDeadline: Sendable {
    /// The deadline passed before the exchange ended.
    struct Passed: Error {}

    /// When the exchange must be over.
    let instant: ContinuousClock.Instant
    /// A little before ``instant`` (a twentieth of the duration, at most 250 ms), for
    /// AsyncHTTPClient's own checks (connect and head): when it gives up first, its error says
    /// why (a refused connection it kept retrying, say) instead of a bare timeout.
    let nioDeadline: NIODeadline

    /// A deadline `duration` from now.
    init(after duration: Duration) {
        let (seconds, attoseconds) = (duration - min(duration / 20, .milliseconds(250))).components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let total = nanoseconds.overflow ? Int64.max : nanoseconds.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
        self.instant = ContinuousClock.now.advanced(by: duration)
        self.nioDeadline = NIODeadline.now() + .nanoseconds(max(0, total))
    }

    /// Runs `operation`, or throws ``Passed`` (and cancels it) when the deadline comes first.
    /// - Throws: What `operation` throws, or ``Passed``.
    func run<Value: Sendable>(_ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let instant = self.instant
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: instant, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw Passed() }
            return value
        }
    }
}
