import BenchmarkFixtures
import Foundation
import TokenGate

// Verifications per second, measured interleaved in one run so that machine noise hits every
// contender alike: raw swift-crypto signature verification (the ceiling), our full cold
// verification of distinct tokens (parse + key lookup + signature + claims), and jwt-kit 5
// verifying the same tokens with the same claim checks.

let rounds = Int(ProcessInfo.processInfo.environment["RATIOS_ROUNDS"] ?? "") ?? 12
let batchTime = 0.06  // seconds per round, shared by the contenders

/// Calls the contenders in turn on the same token, rotating who goes first, and times every
/// call: interleaving call by call means a noisy neighbour slows every contender alike.
/// Returns each contender's operations and seconds for one round.
func measureInterleaved(_ contenders: [@Sendable (Int) async -> Bool], count: Int) async -> [(ops: Int, seconds: Double)] {
    let clock = ContinuousClock()
    var seconds = [Double](repeating: 0, count: contenders.count)
    var ops = 0
    var failures = 0
    let start = clock.now
    while (clock.now - start).seconds < batchTime {
        for offset in 0..<contenders.count {
            let which = (ops + offset) % contenders.count
            let before = clock.now
            if !(await contenders[which](ops % count)) { failures += 1 }
            seconds[which] += (clock.now - before).seconds
        }
        ops += 1
    }
    precondition(failures == 0, "a verification failed")
    return seconds.map { (ops, $0) }
}

extension Duration {
    var seconds: Double { Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18 }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func format(_ value: Double) -> String { String(format: "%10.0f", value) }

// Everything runs off the main actor: top-level code is main-actor isolated, and awaiting a
// nonisolated async function from it hops executors on every call, which would be measured.
@Sendable
func runRatios() async throws {
    print("Verifications per second (\(rounds) rounds of \(Int(batchTime * 1000)) ms, contenders interleaved call by call;")
    print("rates are totals over all rounds, ratios the median of the per-round ratios)")
    print("")
    print("| alg   |        raw |  ours cold |    jwt-kit | ours/raw | jwt-kit/raw | ours/jwt-kit |")
    print("|-------|-----------:|-----------:|-----------:|---------:|------------:|-------------:|")
    var rawRS256Rate = 0.0
    for algorithm in [JWSAlgorithm.rs256, .ps256, .es256, .edDSA] {
        let contender = try await Contender.make(algorithm)
        let count = contender.tokens.count
        var totals = [(ops: 0, seconds: 0.0), (ops: 0, seconds: 0.0), (ops: 0, seconds: 0.0)]
        // Per-round ratios: their median shrugs off a round that a noisy neighbour slowed down.
        var roundRatios: [(ours: Double, kit: Double)] = []
        // The synchronous contenders are wrapped in an async closure that never suspends,
        // which costs nanoseconds against microseconds of work.
        let rawCall: @Sendable (Int) async -> Bool = { contender.rawVerify($0) }
        let oursCall: @Sendable (Int) async -> Bool = { contender.verifyOurs($0) }
        let kitCall: @Sendable (Int) async -> Bool = { await contender.verifyJWTKit($0) }
        let contenders = [rawCall, oursCall, kitCall]
        for round in 0..<(rounds + 1) {
            let samples = await measureInterleaved(contenders, count: count)
            let (raw, ours, kit) = (samples[0], samples[1], samples[2])
            if round == 0 { continue }  // warm-up
            let rawRate = Double(raw.ops) / raw.seconds
            roundRatios.append((Double(ours.ops) / ours.seconds / rawRate, Double(kit.ops) / kit.seconds / rawRate))
            for (index, sample) in [raw, ours, kit].enumerated() {
                totals[index].ops += sample.ops
                totals[index].seconds += sample.seconds
            }
        }
        let rates = totals.map { Double($0.ops) / $0.seconds }
        if algorithm == .rs256 { rawRS256Rate = rates[0] }
        let name = algorithm.name.padding(toLength: 5, withPad: " ", startingAt: 0)
        let ours = median(roundRatios.map(\.ours))
        let kit = median(roundRatios.map(\.kit))
        print(
            "| \(name) | \(format(rates[0])) | \(format(rates[1])) | \(format(rates[2])) |"
                + String(format: " %7.3f× | %10.3f× | %11.2f× |", ours, kit, ours / kit)
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
        print(
            String(
                format: "Cached repeated RS256 token (IssuerVerifier + VerifiedTokenCache): %.0f/s = %.1f× raw RS256 verify",
                rate,
                rate / rawRS256Rate
            )
        )

        let requests = 500_000
        var authorized = 0
        let begin = clock.now
        for _ in 0..<requests where await cached.authorize() { authorized += 1 }
        let took = (clock.now - begin).seconds
        precondition(authorized == requests)
        print(
            String(
                format: "APIStrategy.authorize, same token (header parse + cache + context + scope check): %.0f ns per request",
                took / Double(requests) * 1e9
            )
        )
    }

}

try await Task.detached { try await runRatios() }.value
