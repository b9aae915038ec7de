import NIOHTTP1
import Synchronization
import Testing
import TokenGateTesting

@testable import TokenGate
@testable import TokenGateHTTPClient

@Suite("Every fetch has one deadline that covers the body")
struct FetchDeadlineTests {
    /// Short enough to prove the cut, long enough for a loopback fetch on a loaded machine.
    static let deadline: Duration = .seconds(2)
    /// How long after the deadline an answer may come on a loaded two-core machine (in CI the
    /// whole test process was seen to stall 27 s while every suite started at once). The bound
    /// that matters is that the answer comes before the body could have arrived (60 s), and
    /// `fetchTimedOut` rather than success proves the cut.
    static let margin: Duration = .seconds(40)
    /// 100 bytes at 600 ms each: a body that takes 60 s to arrive, well past deadline + margin.
    static let drip = KeyServer.Reply(
        status: .ok,
        headers: [("Content-Type", "application/json")],
        body: Array(repeating: UInt8(ascii: " "), count: 98) + Array("{}".utf8),
        dripMilliseconds: 600
    )

    static func fetcherConfiguration() -> HTTPJWKSFetcher.Configuration {
        var configuration = HTTPJWKSFetcher.Configuration()
        configuration.deadline = Self.deadline
        return configuration
    }

    @Test("A key server that sends the head, then one body byte every 600 ms, is cut at the fetch deadline")
    func drippedBody() async throws {
        let server = try await KeyServer.start { _ in Self.drip }
        let fetcher = HTTPJWKSFetcher(configuration: Self.fetcherConfiguration())
        let url = server.baseURL + "/keys"
        let started = ContinuousClock.now
        let error = await asyncTokenError { _ = try await fetcher.fetch(FetchRequest(url: url)) }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .fetchTimedOut)
        #expect(server.bytesDripped >= 1, "the body was on its way when the deadline passed")
        #expect(elapsed < Self.deadline + Self.margin, "the fetch ended after \(elapsed)")
        try await server.close()
    }

    @Test("A verification that needs dripped keys answers keysUnavailable by the deadline, and so does a request joined to its fetch")
    func coldStartAndJoiner() async throws {
        let harness = try await LoopbackKeySetHarness.make(fetcherConfiguration: Self.fetcherConfiguration())
        harness.server.respond { _ in Self.drip }
        let token = try Fixtures.es256.token(claims: Fixtures.claims())
        let started = ContinuousClock.now
        let issuer = harness.issuer
        let first = Task { await asyncTokenError { _ = try await issuer.verify(token) } }
        try await eventually { harness.fetchCount == 1 }
        let joined = await asyncTokenError { _ = try await issuer.verify(token) }
        let starter = await first.value
        let elapsed = ContinuousClock.now - started
        #expect(starter?.code == .keysUnavailable)
        #expect(starter?.retryAfter != nil)
        #expect(joined?.code == .keysUnavailable)
        #expect(harness.fetchCount == 1, "the second request joined the fetch in flight")
        #expect(elapsed < Self.deadline + Self.margin, "answered after \(elapsed)")
        try await harness.close()
    }

    @Test("With a last good key set, a token needing a dripped refresh is answered by the deadline, and the cache fetches again afterwards")
    func refreshDripped() async throws {
        let harness = try await LoopbackKeySetHarness.make(fetcherConfiguration: Self.fetcherConfiguration())
        _ = try await harness.cache.refresh()
        harness.server.respond { _ in Self.drip }
        let rotated = try TestSigningKey.generate(.es256, keyID: "rotated-in")
        let started = ContinuousClock.now
        let error = await asyncTokenError { _ = try await harness.issuer.verify(try rotated.token(claims: Fixtures.claims())) }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .unknownKey)
        #expect(elapsed < Self.deadline + Self.margin, "answered after \(elapsed)")
        // The known key kept working from the last good set.
        _ = try await harness.issuer.verify(try Fixtures.es256.token(claims: Fixtures.claims()))
        // The cut fetch is over: after the backoff and cooldown, the next one picks up the rotation.
        harness.serve([Fixtures.es256, rotated])
        harness.clock.advance(by: .seconds(31))
        let verified = try await harness.issuer.verify(try rotated.token(claims: Fixtures.claims()))
        #expect(verified.keyID == "rotated-in")
        try await harness.close()
    }

    /// A fetcher that never answers until cancelled (like a transport without a deadline).
    final class StuckFetcher: JWKSFetcher {
        private let calls = Mutex(0)
        var callCount: Int { self.calls.withLock { $0 } }

        func fetch(_ request: FetchRequest) async throws(TokenGateError) -> FetchResponse {
            self.calls.withLock { $0 += 1 }
            do {
                try await Task.sleep(for: .seconds(60))
            } catch {
                throw TokenGateError(.fetchTimedOut, detail: "cancelled")
            }
            throw TokenGateError(.fetchFailed, detail: "gave up")
        }
    }

    /// What the requests of a test answered, in order of completion.
    final class Outcomes: Sendable {
        let codes = Mutex<[TokenGateError.Code?]>([])
    }

    @Test("Requests joined to a fetch that never ends get keysUnavailable once the cache's fetch time limit passes")
    func stuckFetcherJoinersBounded() async throws {
        let fetcher = StuckFetcher()
        let clock = ManualClock(now: Fixtures.now)
        let cache = KeySetCache(
            configuration: .init(source: .jwks(url: "https://issuer.test/keys")),
            fetcher: fetcher,
            clock: clock,
            wallClock: clock
        )
        let issuer = IssuerVerifier(verifier: Fixtures.verifier(), keys: cache, wallClock: clock)
        let token = try Fixtures.es256.token(claims: Fixtures.claims())
        let outcome = Outcomes()
        let requests = (0..<3).map { _ in
            Task {
                let error = await asyncTokenError { _ = try await issuer.verify(token) }
                outcome.codes.withLock { $0.append(error?.code) }
            }
        }
        try await eventually { fetcher.callCount == 1 }
        // Past any reasonable limit on the cache's clock; the fetcher itself never gives up by then.
        clock.advance(by: .seconds(120))
        try await eventually { outcome.codes.withLock { $0.count } == 3 }
        #expect(outcome.codes.withLock { $0 } == [.keysUnavailable, .keysUnavailable, .keysUnavailable])
        #expect(fetcher.callCount == 1)
        #expect(cache.isReady == false)
        for request in requests { request.cancel() }
    }

    @Test("A Management API answer dripped one byte at a time is cut at the client's deadline")
    func drippedClientAnswer() async throws {
        let server = try await KeyServer.start { _ in Self.drip }
        let management = ManagementClient(managementURL: server.baseURL + "/management/v4/t", bearerToken: "admin", deadline: Self.deadline)
        let started = ContinuousClock.now
        var failure: TokenClientError?
        do {
            _ = try await management.applications()
        } catch {
            failure = error
        }
        let elapsed = ContinuousClock.now - started
        #expect(failure?.code == .network)
        #expect(elapsed < Self.deadline + Self.margin, "the call ended after \(elapsed)")
        try await server.close()
    }
}
