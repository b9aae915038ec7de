import BenchmarkFixtures
import Foundation
import TokenGate

// Verifications per second, measured interleaved in one run so that machine noise hits every
// contender alike: raw swift-crypto signature verification (the ceiling), our full cold
// verification of distinct tokens (parse + key lookup + signature + claims), and jwt-kit 5
// verifying the same tokens with the same claim checks.

let rounds = Int(ProcessInfo.processInfo.environment["RATIOS_ROUNDS"] ?? "") ?? 12
let batchTime = 0.02  // seconds per contender per round

func measureAsync(_ body: (Int) async -> Bool, count: Int) async -> (ops: Int, seconds: Double) {
    let clock = ContinuousClock()
    var ops = 0
    var failures = 0
    let start = clock.now
    var elapsed = 0.0
    while elapsed < batchTime {
        for _ in 0..<16 {
            if !(await body(ops % count)) { failures += 1 }
            ops += 1
        }
        elapsed = (clock.now - start).seconds
    }
    precondition(failures == 0, "a verification failed")
    return (ops, elapsed)
}

extension Duration {
    var seconds: Double { Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18 }
}

func format(_ value: Double) -> String { String(format: "%10.0f", value) }

// Everything runs off the main actor: top-level code is main-actor isolated, and awaiting a
// nonisolated async function from it hops executors on every call, which would be measured.
@Sendable
func runRatios() async throws {
    print("Verifications per second (interleaved, \(rounds) rounds x \(Int(batchTime * 1000)) ms per contender)")
    print("")
    print("| alg   |        raw |  ours cold |    jwt-kit | ours/raw | jwt-kit/raw | ours/jwt-kit |")
    print("|-------|-----------:|-----------:|-----------:|---------:|------------:|-------------:|")
    var rawRS256Rate = 0.0
    for algorithm in [JWSAlgorithm.rs256, .ps256, .es256, .edDSA] {
        let contender = try await Contender.make(algorithm)
        let count = contender.tokens.count
        var totals = [(ops: 0, seconds: 0.0), (ops: 0, seconds: 0.0), (ops: 0, seconds: 0.0)]
        for round in 0..<(rounds + 1) {
            // One measuring loop for all three; the synchronous contenders are wrapped in an async
            // closure that never suspends, which costs nanoseconds against microseconds of work.
            let raw = await measureAsync({ contender.rawVerify($0) }, count: count)
            let ours = await measureAsync({ contender.verifyOurs($0) }, count: count)
            let kit = await measureAsync(contender.verifyJWTKit, count: count)
            if round == 0 { continue }  // warm-up
            for (index, sample) in [raw, ours, kit].enumerated() {
                totals[index].ops += sample.ops
                totals[index].seconds += sample.seconds
            }
        }
        let rates = totals.map { Double($0.ops) / $0.seconds }
        if algorithm == .rs256 { rawRS256Rate = rates[0] }
        let name = algorithm.name.padding(toLength: 5, withPad: " ", startingAt: 0)
        print(
            "| \(name) | \(format(rates[0])) | \(format(rates[1])) | \(format(rates[2])) |"
                + String(format: " %7.3f× | %10.3f× | %11.2f× |", rates[1] / rates[0], rates[2] / rates[0], rates[1] / rates[2])
        )
    }

    // The hot-path key lookup: read the cache's current snapshot (one lock acquisition) and find a
    // kid in it, as every request does before verifying a signature.
    do {
        let contender = try await Contender.make(.es256, count: 1)
        let lookup = try await KeyLookup.make(contender: contender)
        let iterations = 2_000_000
        let clock = ContinuousClock()
        var found = 0
        let start = clock.now
        for _ in 0..<iterations where lookup.find() { found += 1 }
        let elapsed = (clock.now - start).seconds
        precondition(found == iterations)
        print("")
        print(String(format: "Key lookup on the hot path (snapshot read + kid lookup): %.1f ns", elapsed / Double(iterations) * 1e9))
    }

    // A client repeating one valid RS256 token: with the verified-token cache, one signature check,
    // then a lookup by the exact token text plus the time-claim checks.
    do {
        let cached = try await CachedIssuer.make()
        let iterations = 500_000
        let clock = ContinuousClock()
        var ok = 0
        let start = clock.now
        for _ in 0..<iterations where await cached.verify() { ok += 1 }
        let elapsed = (clock.now - start).seconds
        precondition(ok == iterations)
        let rate = Double(iterations) / elapsed
        print(String(format: "Cached repeated RS256 token (IssuerVerifier + VerifiedTokenCache): %.0f/s = %.1f× raw RS256 verify", rate, rate / rawRS256Rate))

        let requests = 500_000
        var authorized = 0
        let begin = clock.now
        for _ in 0..<requests where await cached.authorize() { authorized += 1 }
        let took = (clock.now - begin).seconds
        precondition(authorized == requests)
        print(String(format: "APIStrategy.authorize, same token (header parse + cache + context + scope check): %.0f ns per request", took / Double(requests) * 1e9))
    }

}

try await Task.detached { try await runRatios() }.value
