import BenchmarkFixtures
import Foundation
import TokenGate

// Runs one contender in a loop so a profiler sees only it: `profile ES256 ours 20000`, or the
// request path with a cached token: `profile RS256 authorize 1000000`.
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
