#if Hummingbird
import Hummingbird
import Logging
public import ServiceLifecycle
import TokenGate

extension LocalIssuer: Service {
    /// Serves the issuer's endpoints (``router()``) on the configured host and port until the
    /// task is cancelled or a graceful shutdown is signalled. ``waitUntilRunning()`` returns the
    /// base URL once connections are accepted.
    ///
    /// Bound to a loopback address (the default), it answers only requests addressed to
    /// `localhost`, a loopback address or the public base URL's host: others get 421 (a page
    /// reaching it through DNS rebinding names its own site).
    /// - Throws: When the address cannot be bound.
    public func run() async throws {
        let application = Application(
            router: self.router(acceptedHostNames: self.acceptedHostNames),
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

    /// The host names requests must name besides the loopback ones when the server is bound to
    /// a loopback address; `nil` when it is bound to another (reachable under names it cannot know).
    var acceptedHostNames: Set<String>? {
        let bound = self.configuration.host.lowercased()
        guard URLParts.isLoopbackHost(bound) || bound == "::1" else { return nil }
        let publicHost = self.configuration.publicBaseURL.flatMap { URLParts($0)?.host }
        return Set(publicHost.map { [$0] } ?? [])
    }
}
#endif
