public import CoreMetrics

extension KeySetCache {
    /// How a key set is fetched and kept.
    ///
    /// ```swift
    /// var configuration = KeySetCache.Configuration(source: .appID(oauthServerURL: oauthServerURL))
    /// configuration.persistencePath = "/var/lib/my-api/appid-keys.json"
    /// ```
    public struct Configuration: Sendable {
        /// Where the keys come from.
        public var source: KeySource
        /// A name for logs and metric labels (from configuration, never from a token).
        /// Defaults to the source URL without its user information, query and fragment (where
        /// URLs carry credentials): `scheme://host[:port]/path`.
        public var name: String
        /// Freshness from `Cache-Control`/`Expires` is clamped to this range (default 5 min … 24 h).
        public var lifetimeRange: ClosedRange<Duration> = .seconds(300)...(.seconds(86_400))
        /// Freshness when the response says nothing (default 1 h, then clamped).
        public var defaultLifetime: Duration = .seconds(3600)
        /// The background refresh fetches at about this fraction of the lifetime (default 0.8) …
        public var refreshFraction: Double = 0.8
        /// … give or take this fraction of the lifetime, at random (default 0.05).
        public var refreshJitter: Double = 0.05
        /// At most one refresh per this interval for unknown `kid`s and failed signatures (default 30 s).
        public var cooldown: Duration = .seconds(30)
        /// How many absent `kid`s are remembered at most (default 1024).
        public var negativeCacheLimit: Int = 1024
        /// How long past its expiry the last good key set is still used while fetches fail (default 24 h).
        public var maximumStaleness: Duration = .seconds(86_400)
        /// Waits between failed fetches, doubling from the lower bound to the upper (default 1 s … 30 s).
        public var failureBackoff: ClosedRange<Duration> = .seconds(1)...(.seconds(30))
        /// The largest JWKS or discovery document accepted (default 512 KiB).
        public var maximumBodySize: Int = 512 * 1024
        /// The longest one fetch may take, discovery included, whatever the fetcher does
        /// (default 15 s). At this limit the fetch is cancelled and counts as failed
        /// (`fetchTimedOut`), so requests waiting for it get their answer by then: the last good
        /// key set, or `keysUnavailable`. Keep it above the fetcher's own deadline
        /// (`HTTPJWKSFetcher`: 5 s for each document).
        public var fetchTimeLimit: Duration = .seconds(15)
        /// JWKS members past this count are skipped (default 100).
        public var maximumKeys: Int = KeySet.defaultMaximumKeys
        /// When set, the last good JWKS document is written here atomically after each fetch
        /// and loaded at start, so a restart during a provider outage still verifies tokens.
        /// The file is trusted only when it is a regular file owned by this process's user with
        /// mode 0600 (no group or other bits), reached without any symbolic link on its path;
        /// otherwise it is ignored with a warning.
        public var persistencePath: String?
        /// Where the cache's metrics are made (default: the factory `MetricsSystem.bootstrap`
        /// installed when this configuration was created). Give each test its own
        /// `TestMetrics` instead of bootstrapping the process-wide system.
        public var metricsFactory: any MetricsFactory = MetricsSystem.factory

        /// Creates a configuration.
        /// - Parameter source: Where the keys come from.
        public init(source: KeySource) {
            self.source = source
            self.name = Self.defaultName(for: source)
        }

        /// The source URL without user information, query and fragment.
        static func defaultName(for source: KeySource) -> String {
            URLParts(source.url)?.redacted ?? "unparsable-url"
        }

        var policy: StateMachine.Policy {
            StateMachine.Policy(
                minimumLifetime: self.lifetimeRange.lowerBound,
                maximumLifetime: self.lifetimeRange.upperBound,
                defaultLifetime: self.defaultLifetime,
                refreshFraction: self.refreshFraction,
                refreshJitter: self.refreshJitter,
                cooldown: self.cooldown,
                negativeCacheLimit: max(1, self.negativeCacheLimit),
                maximumStaleness: self.maximumStaleness,
                failureBackoff: self.failureBackoff
            )
        }
    }
}
