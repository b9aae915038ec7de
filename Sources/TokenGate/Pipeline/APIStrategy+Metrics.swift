import CoreMetrics

extension APIStrategy {
    /// Request outcomes, made once from ``Configuration/metricsFactory``. Dimensions are the
    /// configured name and fixed outcome/reason names, never request data.
    struct Metrics: Sendable {
        let authorized: Counter
        let anonymous: Counter
        let refusals: CounterFamily<AuthorizationFailure.Kind>
        let failureReasons: CounterFamily<TokenGateError.Code>

        init(name: String, factory: any MetricsFactory) {
            let strategy = [("strategy", name)]
            self.authorized = Counter(label: "tokengate_requests_total", dimensions: strategy + [("outcome", "authorized")], factory: factory)
            self.anonymous = Counter(label: "tokengate_requests_total", dimensions: strategy + [("outcome", "anonymous")], factory: factory)
            self.refusals = CounterFamily(
                label: "tokengate_requests_total",
                fixedDimensions: strategy,
                dimension: "outcome",
                value: { $0.description },
                factory: factory
            )
            self.failureReasons = CounterFamily(
                label: "tokengate_request_failures_total",
                fixedDimensions: strategy,
                dimension: "reason",
                value: { $0.description },
                factory: factory
            )
        }

        func record(_ failure: AuthorizationFailure) {
            self.refusals[failure.kind].increment()
            if let error = failure.error {
                self.failureReasons[error.code].increment()
            }
        }
    }
}
