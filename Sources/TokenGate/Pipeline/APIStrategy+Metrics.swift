import CoreMetrics

extension APIStrategy {
    /// Request outcomes. Dimensions are the configured name and fixed outcome/reason names,
    /// never request data.
    struct Metrics: Sendable {
        let name: String
        let authorized: Counter
        let anonymous: Counter

        init(name: String) {
            self.name = name
            self.authorized = Counter(label: "tokengate_requests_total", dimensions: [("strategy", name), ("outcome", "authorized")])
            self.anonymous = Counter(label: "tokengate_requests_total", dimensions: [("strategy", name), ("outcome", "anonymous")])
        }

        func record(_ failure: AuthorizationFailure) {
            Counter(label: "tokengate_requests_total", dimensions: [("strategy", self.name), ("outcome", failure.kind.description)])
                .increment()
            if let error = failure.error {
                Counter(label: "tokengate_request_failures_total", dimensions: [("strategy", self.name), ("reason", error.code.description)])
                    .increment()
            }
        }
    }
}
