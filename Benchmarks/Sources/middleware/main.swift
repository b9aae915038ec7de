import BenchmarkFixtures
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore
import NIOEmbedded
import TokenGate
import TokenGateHummingbird
import TokenGateTesting

// The Hummingbird round trip without the network: the router's responder answers requests
// built in memory, so what differs between the two routes is only the framework's group and
// child-context machinery and TokenGate's work (header parse, cached verification, context,
// scope check). Interleaved rounds; ns per request and the ratio of requests per second.
// `middleware serve PORT` answers the same routes over HTTP instead (see Benchmarks/load.sh).

let rounds = Int(ProcessInfo.processInfo.environment["MIDDLEWARE_ROUNDS"] ?? "") ?? 10
let perRound = 20_000

@Sendable
func run() async throws {
    let cached = try await CachedIssuer.make()
    let strategy = APIStrategy(issuer: cached.issuer, configuration: .appID)
    let router = Router(context: TokenGateRequestContext.self)
    router.get("/api/public") { _, _ in Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"message":"public"}"#))) }
    router.group("api/protected")
        .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy)))
        .group(context: AuthorizedRequestContext.self)
        .get { _, context in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: context.authorization.subject ?? "-")))
        }
    // The same group and child-context shape with a middleware that attaches a ready-made
    // context: what the framework costs for a guarded route, without TokenGate's work.
    guard case .authorized(let ready) = await strategy.authorize(authorizationField: Substring("Bearer " + cached.token)) else {
        fatalError("the benchmark token is refused")
    }
    router.group("api/control")
        .add(middleware: AttachContext(context: ready))
        .group(context: AuthorizedRequestContext.self)
        .get { _, context in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: context.authorization.subject ?? "-")))
        }
    let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
    if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "serve", let port = Int(CommandLine.arguments[2]) {
        // The same three routes over real HTTP, for `LOAD_MODE=routes Benchmarks/load.sh`: the
        // token to send is printed first (the key set is in memory; nothing else is served).
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { _ in
                FileHandle.standardOutput.write(Data("token: \(cached.token)\n--- end ---\n".utf8))
            },
            logger: logger
        )
        try await application.runService()
        return
    }
    let responder = router.buildResponder()
    let channel = NIOAsyncTestingChannel()
    var headers = HTTPFields()
    headers[.authorization] = "Bearer " + cached.token

    func measure(_ path: String, _ fields: HTTPFields) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<perRound {
            let request = Request(
                head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: path, headerFields: fields),
                body: RequestBody(buffer: ByteBuffer())
            )
            let context = TokenGateRequestContext(source: .init(channel: channel, logger: logger))
            let response = try await responder.respond(to: request, context: context)
            precondition(response.status == .ok, "\(path) answered \(response.status)")
        }
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    }

    var totals = (unguarded: 0.0, control: 0.0, protected: 0.0)
    for round in 0...rounds {
        let open = try await measure("/api/public", headers)
        let control = try await measure("/api/control", headers)
        let guarded = try await measure("/api/protected", headers)
        if round == 0 { continue }  // warm-up
        totals.unguarded += open
        totals.control += control
        totals.protected += guarded
    }
    let count = Double(rounds * perRound)
    let publicNS = totals.unguarded / count
    let controlNS = totals.control / count
    let protectedNS = totals.protected / count
    print("Hummingbird responder, in memory (\(rounds) interleaved rounds x \(perRound) requests, same Authorization header on all):")
    print(String(format: "  /api/public                                      %6.0f ns per request", publicNS))
    print(
        String(
            format: "  /api/control (group + child context, no TokenGate) %4.0f ns per request  %.2f× the rate of /api/public",
            controlNS,
            publicNS / controlNS
        )
    )
    print(
        String(
            format: "  /api/protected (APIStrategy, cached token)       %6.0f ns per request  %.2f× the rate of /api/public",
            protectedNS,
            publicNS / protectedNS
        )
    )
    print(String(format: "  TokenGate's own share: %.0f ns per request (protected - control)", protectedNS - controlNS))
}

/// Attaches a context made in advance, as APIStrategyMiddleware would after verifying.
struct AttachContext: RouterMiddleware {
    typealias Context = TokenGateRequestContext
    let context: AuthorizationContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.identity = self.context
        return try await next(request, context)
    }
}

try await Task.detached { try await run() }.value
