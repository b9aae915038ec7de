public import ServiceLifecycle

/// Keeps key sets fresh in the background: fetches each one at start (pre-warming), then again
/// at about 80 % of its lifetime, and backs off while its provider fails.
///
/// An ``APIStrategy`` is itself a service that runs one over its issuers' key sets; for other
/// caches, add one to your `ServiceGroup` next to the HTTP server:
///
/// ```swift
/// let refresher = KeySetRefreshService(caches: [appIDKeys])
/// let group = ServiceGroup(services: [refresher, app], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
public struct KeySetRefreshService: Service {
    /// The key sets this service keeps fresh.
    public let caches: [KeySetCache]
    /// The longest pause between two looks at a cache.
    public var maximumPause: Duration = .seconds(60)

    /// Creates the service.
    /// - Parameter caches: The key sets to keep fresh.
    public init(caches: [KeySetCache]) {
        self.caches = caches
    }

    /// Runs until cancelled or until graceful shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for cache in self.caches {
                    group.addTask { await self.keepFresh(cache) }
                }
            }
        }
    }

    private func keepFresh(_ cache: KeySetCache) async {
        while !Task.isCancelled {
            let wait = await cache.refreshIfDue()
            let pause = min(max(wait, .milliseconds(100)), self.maximumPause)
            do {
                try await cache.sleeper(pause)
            } catch {
                return  // cancelled
            }
        }
    }
}
