import CoreMetrics
import MetricsTestKit
import Synchronization

/// A per-test metrics backend (`TestMetrics`) that also counts the handlers it is asked to
/// make, to prove that metric objects are made once and not per request.
final class CountingMetricsFactory: MetricsFactory {
    let metrics = TestMetrics()
    private let made = Mutex(0)

    /// How many counter handlers were made so far.
    var countersMade: Int { self.made.withLock { $0 } }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        self.made.withLock { $0 += 1 }
        return self.metrics.makeCounter(label: label, dimensions: dimensions)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        self.metrics.makeMeter(label: label, dimensions: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        self.metrics.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        self.metrics.makeTimer(label: label, dimensions: dimensions)
    }

    func destroyCounter(_ handler: any CounterHandler) { self.metrics.destroyCounter(handler) }
    func destroyMeter(_ handler: any MeterHandler) { self.metrics.destroyMeter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { self.metrics.destroyRecorder(handler) }
    func destroyTimer(_ handler: any TimerHandler) { self.metrics.destroyTimer(handler) }
}
