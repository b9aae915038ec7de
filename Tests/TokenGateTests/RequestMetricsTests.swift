import CoreMetrics
import MetricsTestKit
import Testing
import TokenGateTesting

@testable import TokenGate

@Suite("Request metrics")
struct RequestMetricsTests {
    /// A strategy over an in-memory key set, reporting to `factory`.
    private static func strategy(_ factory: any MetricsFactory) -> APIStrategy {
        let keys = KeySetHarness()
        let issuer = IssuerVerifier(verifier: Fixtures.verifier(), keys: keys.cache, wallClock: keys.clock)
        var configuration = APIStrategy.Configuration.appID
        configuration.metricsFactory = factory
        return APIStrategy(issuer: issuer, configuration: configuration)
    }

    @Test("Every outcome is counted under fixed labels; refusals reuse their counters, and no attacker value becomes a label")
    func refusalsReuseCounters() async throws {
        let factory = CountingMetricsFactory()
        let strategy = Self.strategy(factory)
        let marker = "ATTACKER-\(UInt32.random(in: 0...UInt32.max))"
        let valid = try Fixtures.es256.token(claims: Fixtures.claims())
        let unknownKid = try Fixtures.es256.with(keyID: marker).token(claims: Fixtures.claims(["sub": .string(marker)]))
        let expired = try Fixtures.es256.token(claims: Fixtures.claims(["exp": .number(JSONNumber(Int64(Fixtures.now.secondsSinceEpoch) - 3600))]))
        let fields: [Substring?] = [
            nil, "Bearer \(marker) \(marker) \(marker)"[...], "Bearer \(unknownKid)"[...], "Bearer \(expired)"[...], "Bearer \(valid)"[...],
        ]
        for field in fields { _ = await strategy.authorize(authorizationField: field) }
        let made = factory.countersMade
        for _ in 0..<20 {
            for field in fields { _ = await strategy.authorize(authorizationField: field) }
        }
        #expect(factory.countersMade == made, "a request made new counter objects")

        let metrics = factory.metrics
        let appid = ("strategy", "appid")
        #expect(metrics.counterTotal(label: "tokengate_requests_total", dimensions: [appid, ("outcome", "authorized")]) == 21)
        #expect(metrics.counterTotal(label: "tokengate_requests_total", dimensions: [appid, ("outcome", "noCredentials")]) == 21)
        #expect(metrics.counterTotal(label: "tokengate_requests_total", dimensions: [appid, ("outcome", "invalidRequest")]) == 21)
        #expect(metrics.counterTotal(label: "tokengate_requests_total", dimensions: [appid, ("outcome", "invalidToken")]) == 42)
        #expect(metrics.counterTotal(label: "tokengate_request_failures_total", dimensions: [appid, ("reason", "unknownKey")]) == 21)
        #expect(metrics.counterTotal(label: "tokengate_request_failures_total", dimensions: [appid, ("reason", "expired")]) == 21)
        #expect(metrics.counterTotal(label: "tokengate_request_failures_total", dimensions: [appid, ("reason", "malformedAuthorization")]) == 21)
        let labels = metrics.counters.flatMap { $0.dimensions.map(\.1) }
        #expect(!labels.isEmpty)
        #expect(labels.allSatisfy { !$0.contains(marker) })
    }
}
