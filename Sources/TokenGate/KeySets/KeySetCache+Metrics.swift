import CoreMetrics

extension KeySetCache {
    /// The cache's metrics. Every dimension value is fixed or comes from configuration.
    struct Metrics: Sendable {
        let name: String
        let fetchDuration: Timer
        let keyCount: Recorder
        let snapshotAge: Recorder
        let negativeCacheHits: Counter

        init(name: String) {
            self.name = name
            let dimensions = [("keyset", name)]
            self.fetchDuration = Timer(label: "tokengate_keyset_fetch_duration", dimensions: dimensions)
            self.keyCount = Recorder(label: "tokengate_keyset_keys", dimensions: dimensions, aggregate: false)
            self.snapshotAge = Recorder(label: "tokengate_keyset_age_seconds", dimensions: dimensions, aggregate: false)
            self.negativeCacheHits = Counter(label: "tokengate_keyset_negative_cache_hits_total", dimensions: dimensions)
        }

        func fetches(outcome: String) -> Counter {
            Counter(label: "tokengate_keyset_fetches_total", dimensions: [("keyset", self.name), ("outcome", outcome)])
        }

        func fetchFailures(reason: String) -> Counter {
            Counter(label: "tokengate_keyset_fetch_failures_total", dimensions: [("keyset", self.name), ("reason", reason)])
        }

        func refreshes(_ cause: RefreshCause) -> Counter {
            Counter(label: "tokengate_keyset_refreshes_total", dimensions: [("keyset", self.name), ("cause", cause.rawValue)])
        }
    }
}
