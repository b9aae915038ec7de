import BenchmarkFixtures
import Foundation
import TokenGate

// Runs one contender in a loop so a profiler sees only it: `profile ES256 ours 20000`, or the
// request path with a cached token: `profile RS256 authorize 1000000`. Two timing modes:
// `profile RS256 minblock 200` (raw and TokenGate in alternating blocks, the fastest block of
// each) and `profile RS256 parse 400` (TokenGate's work without the signature). `HS256` (here
// only) puts a signature check of about a microsecond under TokenGate's own work, which then
// dominates a CPU profile or a `minblock` difference.
extension Duration {
    var seconds: Double { Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18 }
}

let arguments = CommandLine.arguments
let algorithm = JWSAlgorithm(name: arguments.count > 1 ? arguments[1] : "RS256") ?? .rs256
let which = arguments.count > 2 ? arguments[2] : "ours"
let iterations = arguments.count > 3 ? Int(arguments[3]) ?? 20_000 : 20_000
if arguments.count > 2, arguments[2] == "authorize" {
    let count = arguments.count > 3 ? Int(arguments[3]) ?? 1_000_000 : 1_000_000
    // Off the main actor, as a server's request handlers are (no executor hop per call).
    let refused = try await Task.detached {
        let cached = try await CachedIssuer.make()
        var refused = 0
        for _ in 0..<count where !(await cached.authorize()) { refused += 1 }
        return refused
    }.value
    print("refused: \(refused)")
    exit(0)
}
let contender = try await Contender.make(algorithm)
if which == "parse" {
    // The verifier's work without the signature: against an empty key set every token stops
    // at the key lookup, after the header, the payload and the issuer/expiry checks.
    let empty = KeySet(keys: [])
    let clock = ContinuousClock()
    var best = Double.infinity
    for block in 0..<iterations {
        let start = clock.now
        for call in 0..<256 {
            do {
                _ = try contender.verifier.verify(contender.tokens[(block * 256 + call) % contender.tokens.count], keys: empty, now: contender.now)
            } catch {
                if error.code != .unknownKey { failures += 1 }
            }
        }
        let elapsed = clock.now - start
        best = min(best, Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
    }
    print(String(format: "%@ parse + claims (no signature) best block per call: %.0f ns, failures %d", algorithm.name, best / 256 * 1e9, failures))
    exit(0)
}
if which == "minblock" {
    // Alternating blocks of 256 calls of raw and ours for `iterations` blocks each: the fastest
    // block of each, per call (the least disturbed by neighbours on a shared machine).
    let clock = ContinuousClock()
    var best = (raw: Double.infinity, ours: Double.infinity)
    var totalRaw = 0.0
    var totalOurs = 0.0
    let count = contender.tokens.count
    for block in 0..<iterations {
        var start = clock.now
        for call in 0..<256 where !contender.rawVerify((block * 256 + call) % count) { failures += 1 }
        var elapsed = clock.now - start
        let rawBlock = Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
        best.raw = min(best.raw, rawBlock)
        start = clock.now
        for call in 0..<256 where !contender.verifyOurs((block * 256 + call) % count) { failures += 1 }
        elapsed = clock.now - start
        best.ours = min(best.ours, Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
        totalOurs += Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
        totalRaw += rawBlock
    }
    print(
        String(
            format: "mean per call: raw %.2f µs, ours %.2f µs, ratio %.3f×",
            totalRaw / Double(iterations) / 256 * 1e6,
            totalOurs / Double(iterations) / 256 * 1e6,
            totalRaw / totalOurs
        )
    )
    print(
        String(
            format: "%@ best block per call: raw %.2f µs, ours %.2f µs, ours/raw rate %.3f×, failures %d",
            algorithm.name,
            best.raw / 256 * 1e6,
            best.ours / 256 * 1e6,
            best.raw / best.ours,
            failures
        )
    )
    exit(0)
}
var failures = 0
for index in 0..<iterations {
    let ok: Bool
    switch which {
    case "raw": ok = contender.rawVerify(index % contender.tokens.count)
    case "jwt-kit": ok = await contender.verifyJWTKit(index % contender.tokens.count)
    default: ok = contender.verifyOurs(index % contender.tokens.count)
    }
    if !ok { failures += 1 }
}
print("\(iterations) verifications, \(failures) failures")
