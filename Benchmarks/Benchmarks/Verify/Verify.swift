import Benchmark
import BenchmarkFixtures
import TokenGate

// Allocation and latency figures per verification, with package-benchmark's malloc counter.
// Run: swift package --package-path Benchmarks benchmark

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        maxDuration: .seconds(2),
        maxIterations: 20_000
    )

    for algorithm in [JWSAlgorithm.rs256, .es256, .edDSA] {
        Benchmark("Cold verify \(algorithm.name) (ours)") { benchmark, contender in
            for index in benchmark.scaledIterations {
                blackHole(contender.verifyOurs(index % contender.tokens.count))
            }
        } setup: {
            try await Contender.make(algorithm)
        }

        Benchmark("Cold verify \(algorithm.name) (jwt-kit)") { benchmark, contender in
            for index in benchmark.scaledIterations {
                blackHole(await contender.verifyJWTKit(index % contender.tokens.count))
            }
        } setup: {
            try await Contender.make(algorithm)
        }

        Benchmark("Raw verify \(algorithm.name) (swift-crypto)") { benchmark, contender in
            for index in benchmark.scaledIterations {
                blackHole(contender.rawVerify(index % contender.tokens.count))
            }
        } setup: {
            try await Contender.make(algorithm)
        }
    }
}
