/// Slows down password guessing: after `maximumFailures` failed logins in a row for one user
/// name, that name is locked out, first for `firstLockout`, then twice as long each time, up to
/// 15 minutes. While locked out even the right password is refused (otherwise the lockout
/// would not slow anyone down), and unknown user names are counted like known ones, so the
/// answers do not tell which users exist.
///
/// Every attempt is counted as a failure when it is admitted, before its password is checked,
/// and a right password then clears the count: parallel guesses cannot all be admitted while
/// the earlier ones are still being checked.
struct LoginThrottle: Sendable {
    struct Entry: Sendable {
        var failures = 0
        var lockedUntil: Double = 0
        var nextLockout: Double
        var lastFailure: Double = 0
    }

    let maximumFailures: Int
    let firstLockout: Double
    let maximumLockout: Double = 900
    /// Failures older than this are forgotten.
    let memory: Double = 900
    /// At most this many user names are tracked; the oldest are forgotten first.
    let capacity = 10_000
    private(set) var entries: [String: Entry] = [:]

    init(maximumFailures: Int, firstLockout: Double) {
        self.maximumFailures = max(1, maximumFailures)
        self.firstLockout = max(1, firstLockout)
    }

    /// Seconds until `name` may try again, or `nil` when it may try now.
    func retryAfter(_ name: String, now: Double) -> Int? {
        guard let entry = self.entries[name], entry.lockedUntil > now else { return nil }
        return max(1, Int((entry.lockedUntil - now).rounded(.up)))
    }

    /// Counts an attempt as failed (called when it is admitted); returns the lockout in seconds
    /// when this attempt started one.
    mutating func recordFailure(_ name: String, now: Double) -> Int? {
        var entry = self.entries[name] ?? Entry(nextLockout: self.firstLockout)
        if now - entry.lastFailure > self.memory, entry.lockedUntil <= now {
            entry = Entry(nextLockout: self.firstLockout)
        }
        entry.failures += 1
        entry.lastFailure = now
        var started: Int?
        if entry.failures >= self.maximumFailures {
            entry.lockedUntil = now + entry.nextLockout
            started = Int(entry.nextLockout.rounded(.up))
            entry.nextLockout = min(entry.nextLockout * 2, self.maximumLockout)
            entry.failures = 0
        }
        self.entries[name] = entry
        if self.entries.count > self.capacity {
            let oldest = self.entries.min { $0.value.lastFailure < $1.value.lastFailure }
            if let oldest, oldest.key != name { self.entries[oldest.key] = nil }
        }
        return started
    }

    /// Forgets the failures of a user who logged in.
    mutating func recordSuccess(_ name: String) {
        self.entries[name] = nil
    }
}
