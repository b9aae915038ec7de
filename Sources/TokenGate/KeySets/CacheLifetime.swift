/// How long a fetched document stays fresh, from `Cache-Control` and `Expires`
/// (RFC 9111 §5.2, §5.3), clamped to a configured range.
package enum CacheLifetime {
    /// The lifetime the response asks for, before clamping; `nil` when it says nothing.
    /// `no-store`, `no-cache` and `max-age=0` ask for zero.
    package static func requested(cacheControl: String?, expires: String?, date: String?, now: NumericDate) -> Duration? {
        if let cacheControl {
            var maxAge: Int64?
            for directive in cacheControl.split(separator: ",") {
                let trimmed = directive.trimmingCharacters(in: " \t").lowercased()
                if trimmed == "no-store" || trimmed == "no-cache" { return .zero }
                if trimmed.hasPrefix("max-age=") {
                    let value = trimmed.dropFirst("max-age=".count).trimmingCharacters(in: "\"")
                    guard let seconds = Int64(value), seconds >= 0 else { return .zero }  // RFC 9111 §4.2.1: invalid → stale
                    maxAge = seconds
                }
            }
            if let maxAge { return .seconds(maxAge) }
        }
        if let expires {
            // RFC 9111 §5.3: an invalid date means "already expired".
            guard let expiresAt = HTTPDate.parse(expires) else { return .zero }
            let reference = date.flatMap(HTTPDate.parse) ?? now
            return .seconds(max(0, expiresAt.secondsSinceEpoch - reference.secondsSinceEpoch))
        }
        return nil
    }

    /// The lifetime to use: the requested one (or `fallback`) clamped to `range`.
    package static func clamped(_ requested: Duration?, fallback: Duration, range: ClosedRange<Duration>) -> Duration {
        min(max(requested ?? fallback, range.lowerBound), range.upperBound)
    }
}

extension StringProtocol {
    /// This text without the given characters at either end.
    package func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        guard let start = self.firstIndex(where: { !set.contains($0) }) else { return "" }
        let end = self.lastIndex(where: { !set.contains($0) })!
        return String(self[start...end])
    }
}
