import BenchmarkFixtures
import TokenGate

// Runs one contender in a loop so a profiler sees only it: `profile ES256 ours 20000`.
let arguments = CommandLine.arguments
let algorithm = JWSAlgorithm(name: arguments.count > 1 ? arguments[1] : "RS256") ?? .rs256
let which = arguments.count > 2 ? arguments[2] : "ours"
let iterations = arguments.count > 3 ? Int(arguments[3]) ?? 20_000 : 20_000
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
