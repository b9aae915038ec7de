import ArgumentParser
import ExampleSupport
import Hummingbird
import ServiceLifecycle
import TokenGate
import TokenGateHummingbird

/// `/api/protected` behind `APIStrategy`, with Hummingbird.
@main
struct ProtectedAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protected-api",
        abstract: "A Hummingbird API whose /api/protected routes need an App ID (or any OpenID Connect) bearer token.",
        discussion: """
            With no options, an App ID-compatible issuer runs in the process and the commands to try the API are printed.
            --provider picks another identity provider's preset, for example:
              protected-api --provider entra --tenant <tenant ID> --audience <API client ID>
              protected-api --provider auth0 --domain example.eu.auth0.com --audience https://api.example.com
              protected-api --provider keycloak --base-url https://sso.example.com --realm staff --client-id orders-api
              protected-api --provider cognito --region eu-west-1 --user-pool eu-west-1_AbCdEf --client-id <app client ID>
            """
    )

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let setup = try await ProtectedAPISetup.make(self.options, framework: "Hummingbird")
        let strategy = setup.strategy
        let router = Router(context: TokenGateRequestContext.self)
        router.get("/api/public") { _, _ in Self.json(ContextJSON.message("public")) }
        // Sibling groups, so that each route's challenge lists exactly the scopes it needs.
        router.group("api/protected/admin")
            .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy, requirement: AccessRequirement(allOf: ["admin"]))))
            .group(context: AuthorizedRequestContext.self)
            .get { _, context in Self.json(ContextJSON.message("admin", subject: context.authorization.subject)) }
        router.group("api/protected")
            .add(middleware: PipelineRouterMiddleware(APIStrategyMiddleware(strategy)))
            .group(context: AuthorizedRequestContext.self)
            .get { _, context in Self.json(ContextJSON.render(context.authorization)) }

        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: setup.port)),
            services: [strategy],  // the strategy keeps its key sets fresh
            onServerRunning: { _ in setup.printBanner() }
        )
        do {
            try await application.runService()
        } catch {
            await setup.shutdown()
            throw error
        }
        await setup.shutdown()
    }

    static func json(_ body: [UInt8]) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json", .contentLength: String(body.count)],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
