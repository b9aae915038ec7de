import ArgumentParser
import ExampleSupport
import TokenGate
import TokenGateVapor
import Vapor

/// `/api/protected` behind `APIStrategy`, with Vapor.
@main
struct VaporProtectedAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vapor-protected-api",
        abstract: "A Vapor API whose /api/protected routes need an App ID (or any OpenID Connect) bearer token."
    )

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let setup = try await ProtectedAPISetup.make(self.options, framework: "Vapor")
        let strategy = setup.strategy
        // Vapor reads its own command line; it gets only "serve" here (the flags are ours).
        let application = try await Application.make(Environment(name: "production", arguments: ["vapor-protected-api", "serve"]))
        application.http.server.configuration.hostname = "127.0.0.1"
        application.http.server.configuration.port = setup.port
        application.logger.logLevel = .notice
        application.middleware = Middlewares()
        application.middleware.use(ErrorMiddleware.default(environment: application.environment))

        application.get("api", "public") { _ in Self.json(ContextJSON.message("public")) }
        let protected = application.grouped("api", "protected").grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategy)))
        protected.get { request in Self.json(ContextJSON.render(try request.requireAuthorizationContext())) }
        application.grouped("api", "protected", "admin")
            .grouped(PipelineAsyncMiddleware(APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOf: ["admin"]))))
            .get { request in Self.json(ContextJSON.message("admin", subject: try request.requireAuthorizationContext().subject)) }

        let refresher = Task { try await strategy.run() }  // keeps the key sets fresh
        do {
            try await application.startup()
            setup.printBanner()
            try await application.running?.onStop.get()
        } catch {
            refresher.cancel()
            try? await application.asyncShutdown()
            await setup.shutdown()
            throw error
        }
        refresher.cancel()
        try await application.asyncShutdown()
        await setup.shutdown()
    }

    static func json(_ body: [UInt8]) -> Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(buffer: ByteBuffer(bytes: body)))
    }
}
