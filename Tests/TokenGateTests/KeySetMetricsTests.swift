import CoreMetrics
import MetricsTestKit
import NIOHTTP1
import Testing
@testable import TokenGate
import TokenGateTesting

/// The process-wide metrics backend for tests: bootstrapped once, before any cache in this
/// suite is made. Caches made earlier by other suites keep their no-op handlers; each cache here
/// has its own name, so its series are told apart.
enum SharedTestMetrics {
    static let factory: TestMetrics = {
        let metrics = TestMetrics()
        MetricsSystem.bootstrap(metrics)
        return metrics
    }()
}

@Suite("Key-set metrics")
struct KeySetMetricsTests {
    @Test("Fetches, failures and refresh causes are counted; no attacker-chosen value ever becomes a label")
    func countedWithSafeLabels() async throws {
        let metrics = SharedTestMetrics.factory
        let name = "metrics-test-\(UInt32.random(in: 0...UInt32.max))"
        let harness = try await KeySetHarness.make { $0.name = name }
        _ = try await harness.cache.refresh()

        let marker = "ATTACKER-\(UInt32.random(in: 0...UInt32.max))"
        let tokens = try (0..<20).map { index in
            try Fixtures.es256.with(keyID: "\(marker)-\(index)").token(claims: Fixtures.claims())
        }
        for token in tokens + [tokens[0]] {  // the first kid again: answered from the negative cache
            _ = await asyncTokenError { _ = try await harness.issuer.verify(token) }
        }
        harness.server.respond { (_: String) -> KeyServer.Reply in KeyServer.Reply(status: .internalServerError) }
        harness.clock.advance(by: .seconds(60))
        _ = await asyncTokenError { try await harness.cache.refresh() }

        let keyset = ("keyset", name)
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

        let labels = metrics.counters.flatMap { $0.dimensions.map(\.1) } + metrics.recorders.flatMap { $0.dimensions.map(\.1) }
            + metrics.timers.flatMap { $0.dimensions.map(\.1) }
        #expect(!labels.isEmpty)
        #expect(labels.allSatisfy { !$0.contains(marker) })
        try await harness.close()
    }
}
