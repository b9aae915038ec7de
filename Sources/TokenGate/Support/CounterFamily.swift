import CoreMetrics
import Synchronization

/// Counters of one label that differ in one dimension whose values come from a closed set
/// (an error code, a refusal kind, a refresh cause): each counter is made once, at its first
/// use, and reused after that, so a request never allocates a metric object.
///
/// The dimension's value is computed from `Value`, never taken from request data, so the number
/// of series is bounded by the number of `Value`s.
final class CounterFamily<Value: Hashable & Sendable>: Sendable {
    private let label: String
    private let fixedDimensions: [(String, String)]
    private let dimension: String
    private let dimensionValue: @Sendable (Value) -> String
    private let factory: any MetricsFactory
    private let counters = Mutex<[Value: Counter]>([:])

    /// - Parameters:
    ///   - label: The metric's label.
    ///   - fixedDimensions: Dimensions shared by every counter (from configuration).
    ///   - dimension: The name of the dimension that tells the counters apart.
    ///   - value: The dimension's value for a `Value` (a fixed name).
    ///   - factory: Where handlers are made.
    init(
        label: String,
        fixedDimensions: [(String, String)],
        dimension: String,
        value: @escaping @Sendable (Value) -> String,
        factory: any MetricsFactory
    ) {
        self.label = label
        self.fixedDimensions = fixedDimensions
        self.dimension = dimension
        self.dimensionValue = value
        self.factory = factory
    }

    /// The counter for `value`, made on first use.
    subscript(_ value: Value) -> Counter {
        self.counters.withLock { counters in
            if let counter = counters[value] { return counter }
            let counter = Counter(
                label: self.label,
                dimensions: self.fixedDimensions + [(self.dimension, self.dimensionValue(value))],
                factory: self.factory
            )
            counters[value] = counter
            return counter
        }
    }
}
