import CoreMetrics
import MetricsTestKit
import Testing
import TokenGateTesting

@testable import TokenGate

/// Each test gives its cache its own metrics backend (``KeySetCache/Configuration/metricsFactory``):
/// nothing is bootstrapped process-wide, so suites running at once cannot see each other's series.
@Suite("Key-set metrics")
struct KeySetMetricsTests {
    @Test("Fetches, failures and refresh causes are counted; no attacker-chosen value ever becomes a label")
    func countedWithSafeLabels() async throws {
        let factory = CountingMetricsFactory()
        let metrics = factory.metrics
        let harness = KeySetHarness { $0.metricsFactory = factory }
        _ = try await harness.cache.refresh()

        let marker = "ATTACKER-\(UInt32.random(in: 0...UInt32.max))"
        let tokens = try (0..<20).map { index in
            try Fixtures.es256.with(keyID: "\(marker)-\(index)").token(claims: Fixtures.claims())
        }
        for token in tokens + [tokens[0]] {  // the first kid again: answered from the negative cache
            _ = await asyncTokenError { _ = try await harness.issuer.verify(token) }
        }
        harness.fail(status: 500)
        harness.clock.advance(by: .seconds(60))
        _ = await asyncTokenError { try await harness.cache.refresh() }

        let keyset = ("keyset", KeySetHarness.url)
        #expect(metrics.counterTotal(label: "tokengate_keyset_fetches_total", dimensions: [keyset, ("outcome", "success")]) == 2)
        #expect(metrics.counterTotal(label: "tokengate_keyset_fetches_total", dimensions: [keyset, ("outcome", "failure")]) == 1)
        #expect(metrics.counterTotal(label: "tokengate_keyset_fetch_failures_total", dimensions: [keyset, ("reason", "fetchStatus")]) == 1)
        #expect(metrics.counterTotal(label: "tokengate_keyset_refreshes_total", dimensions: [keyset, ("cause", "unknown_key")]) == 1)
        #expect(metrics.counterTotal(label: "tokengate_keyset_refreshes_total", dimensions: [keyset, ("cause", "manual")]) == 2)
        #expect(metrics.counterTotal(label: "tokengate_keyset_negative_cache_hits_total", dimensions: [keyset]) == 1)

        // The background loop reports the snapshot's age.
        harness.clock.advance(by: .seconds(15))
        _ = await harness.cache.refreshIfDue()
        let age = try metrics.expectRecorder("tokengate_keyset_age_seconds", [keyset])
        #expect((age.lastValue ?? 0) >= 75)  // fetched 60 s + 15 s ago (the failed refresh kept the old set)

        let labels =
            metrics.counters.flatMap { $0.dimensions.map(\.1) } + metrics.recorders.flatMap { $0.dimensions.map(\.1) }
            + metrics.timers.flatMap { $0.dimensions.map(\.1) }
        #expect(!labels.isEmpty)
        #expect(labels.allSatisfy { !$0.contains(marker) })

        // More failures and refreshes of kinds already seen make no new counter.
        let made = factory.countersMade
        for _ in 0..<5 {
            harness.clock.advance(by: .seconds(60))
            _ = await asyncTokenError { try await harness.cache.refresh() }
        }
        #expect(metrics.counterTotal(label: "tokengate_keyset_fetch_failures_total", dimensions: [keyset, ("reason", "fetchStatus")]) == 6)
        #expect(factory.countersMade == made)
    }

    @Test("The process-wide metrics system is left alone: a cache reports to its own factory only")
    func injectedFactoryOnly() async throws {
        let first = TestMetrics()
        let second = TestMetrics()
        let one = KeySetHarness { $0.metricsFactory = first }
        let other = KeySetHarness { $0.metricsFactory = second }
        _ = try await one.cache.refresh()
        _ = try await one.cache.refresh()
        _ = try await other.cache.refresh()
        let success = [("keyset", KeySetHarness.url), ("outcome", "success")]
        #expect(first.counterTotal(label: "tokengate_keyset_fetches_total", dimensions: success) == 2)
        #expect(second.counterTotal(label: "tokengate_keyset_fetches_total", dimensions: success) == 1)
    }
}
