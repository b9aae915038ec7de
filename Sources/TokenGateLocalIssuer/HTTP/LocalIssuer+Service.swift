#if Hummingbird
import Hummingbird
import Logging
public import ServiceLifecycle

extension LocalIssuer: Service {
    /// Serves the issuer's endpoints (``router()``) on the configured host and port until the
    /// task is cancelled or a graceful shutdown is signalled. ``waitUntilRunning()`` returns the
    /// base URL once connections are accepted.
    /// - Throws: When the address cannot be bound.
    public func run() async throws {
        let application = Application(
            router: self.router(),
            configuration: ApplicationConfiguration(
                address: .hostname(self.configuration.host, port: self.configuration.port),
                serverName: "appid-dev-server"
            ),
            onServerRunning: { channel in self.serverStarted(port: channel.localAddress?.port ?? self.configuration.port) },
            logger: self.logger
        )
        do {
            try await application.run()
        } catch {
            self.serverStopped(error)
            throw error
        }
        self.serverStopped(LocalIssuerError(.notRunning, "the issuer stopped"))
    }
}
#endif
