import Testing
import TokenGateTesting

@testable import TokenGate

/// `APIStrategy` as a swift-service-lifecycle `Service`: running it keeps the key sets of its
/// issuers and of its identity issuers fresh, and it ends when its task is cancelled.
@Suite("APIStrategy as a service")
struct StrategyServiceTests {
    static let accessKeys = "https://access.test/keys"
    static let identityKeys = "https://identity.test/keys"

    static func issuer(_ name: String, _ url: String, _ fetcher: InMemoryJWKSFetcher, _ clock: ManualClock) -> IssuerVerifier {
        let keys = KeySetCache(configuration: .init(source: .jwks(url: url)), fetcher: fetcher, clock: clock, wallClock: clock)
        return IssuerVerifier(
            verifier: TokenVerifier(configuration: .init(issuer: name, audience: .oneOf(["client-1"]))),
            keys: keys,
            wallClock: clock
        )
    }

    @Test(
        "run() fetches the issuers' and the identity issuers' key sets, refreshes them ahead, and stops on cancellation",
        .timeLimit(.minutes(1))
    )
    func run() async throws {
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(TestSigningKey.jwksJSON([Fixtures.rs256]), at: Self.accessKeys, cacheControl: "max-age=1000")
        fetcher.serve(TestSigningKey.jwksJSON([Fixtures.es256]), at: Self.identityKeys, cacheControl: "max-age=1000")
        let clock = ManualClock(now: Fixtures.now)
        let strategy = APIStrategy(
            issuers: IssuerDirectory([Self.issuer("https://access.test", Self.accessKeys, fetcher, clock)]),
            identityIssuers: IssuerDirectory([Self.issuer("https://identity.test", Self.identityKeys, fetcher, clock)])
        )
        @Sendable func fetches(_ url: String) -> Int { fetcher.requests.filter { $0.url == url }.count }
        /// Both refresh loops parked on the clock after `count` fetches of each key set (advancing
        /// the clock before a loop parks would push its wake-up further out).
        func parked(after count: Int) async {
            await clock.waitUntil { fetches(Self.accessKeys) == count && fetches(Self.identityKeys) == count && clock.sleeperCount == 2 }
        }

        let running = Task { try await strategy.run() }
        // Pre-warmed: both key sets fetched once, before any request needs them.
        await parked(after: 1)
        // Refreshed ahead (due between 75 % and 85 % of the 1000 s lifetime).
        clock.advance(by: .seconds(860))
        await parked(after: 2)

        running.cancel()
        try await running.value
        // Stopped: no loop is left sleeping on the clock, so time passing fetches nothing more.
        #expect(clock.sleeperCount == 0)
        clock.advance(by: .seconds(2000))
        #expect(fetches(Self.accessKeys) == 2)
        #expect(fetches(Self.identityKeys) == 2)
    }

    @Test("Without identity issuers of its own, each key set is kept fresh by one loop", .timeLimit(.minutes(1)))
    func sameDirectory() async throws {
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(TestSigningKey.jwksJSON([Fixtures.rs256]), at: Self.accessKeys, cacheControl: "max-age=1000")
        let clock = ManualClock(now: Fixtures.now)
        let strategy = APIStrategy(issuer: Self.issuer("https://access.test", Self.accessKeys, fetcher, clock))
        #expect(strategy.keySets.count == 1)
        let running = Task { try await strategy.run() }
        await clock.waitUntil { fetcher.requests.count == 1 && clock.sleeperCount == 1 }
        running.cancel()
        try await running.value
    }
}
