import CoreMetrics

extension KeySetCache {
    /// The cache's metrics, made once from ``Configuration/metricsFactory``. Every dimension
    /// value is fixed or comes from configuration.
    struct Metrics: Sendable {
        let fetchDuration: Timer
        let keyCount: Recorder
        let snapshotAge: Recorder
        let negativeCacheHits: Counter
        let fetchSucceeded: Counter
        let fetchFailed: Counter
        let failureReasons: CounterFamily<TokenGateError.Code>
        let refreshCauses: CounterFamily<RefreshCause>

        init(name: String, factory: any MetricsFactory) {
            let dimensions = [("keyset", name)]
            self.fetchDuration = Timer(label: "tokengate_keyset_fetch_duration", dimensions: dimensions, factory: factory)
            self.keyCount = Recorder(label: "tokengate_keyset_keys", dimensions: dimensions, aggregate: false, factory: factory)
            self.snapshotAge = Recorder(label: "tokengate_keyset_age_seconds", dimensions: dimensions, aggregate: false, factory: factory)
            self.negativeCacheHits = Counter(label: "tokengate_keyset_negative_cache_hits_total", dimensions: dimensions, factory: factory)
            self.fetchSucceeded = Counter(
                label: "tokengate_keyset_fetches_total",
                dimensions: dimensions + [("outcome", "success")],
                factory: factory
            )
            self.fetchFailed = Counter(label: "tokengate_keyset_fetches_total", dimensions: dimensions + [("outcome", "failure")], factory: factory)
            self.failureReasons = CounterFamily(
                label: "tokengate_keyset_fetch_failures_total",
                fixedDimensions: dimensions,
                dimension: "reason",
                value: { $0.description },
                factory: factory
            )
            self.refreshCauses = CounterFamily(
                label: "tokengate_keyset_refreshes_total",
                fixedDimensions: dimensions,
                dimension: "cause",
                value: { $0.rawValue },
                factory: factory
            )
        }

        func fetchFailures(reason: TokenGateError.Code) -> Counter { self.failureReasons[reason] }

        func refreshes(_ cause: RefreshCause) -> Counter { self.refreshCauses[cause] }
    }
}
