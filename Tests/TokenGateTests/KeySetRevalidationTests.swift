import Synchronization
import Testing
import TokenGateTesting

@testable import TokenGate

@Suite("An expired key set is revalidated from the request path")
struct KeySetRevalidationTests {
    static let url = "https://issuer.test/keys"

    /// Claims that stay valid for a day on the manual clock.
    static func claims() -> [String: JSONValue] {
        Fixtures.claims(["exp": .number(JSONNumber(Int64(Fixtures.now.secondsSinceEpoch) + 86_400))])
    }

    @Test("Without a refresh service: a key removed upstream is refused once a request has seen the set expired")
    func removedKeyRefusedAfterExpiry() async throws {
        let removed = try TestSigningKey.generate(.es256, keyID: "removed")
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(TestSigningKey.jwksJSON([Fixtures.es256, removed]), at: Self.url)
        let clock = ManualClock(now: Fixtures.now)
        let cache = KeySetCache(configuration: .init(source: .jwks(url: Self.url)), fetcher: fetcher, clock: clock, wallClock: clock)
        let issuer = IssuerVerifier(verifier: Fixtures.verifier(), keys: cache, wallClock: clock)
        let token = try removed.token(claims: Self.claims())
        _ = try await issuer.verify(token)
        #expect(fetcher.requests.count == 1)

        fetcher.serve(TestSigningKey.jwksJSON([Fixtures.es256]), at: Self.url)
        // Fresh for its default hour: no fetch.
        clock.advance(by: .seconds(1800))
        _ = try await issuer.verify(token)
        #expect(fetcher.requests.count == 1)

        // Expired: this request is answered from the stale set without waiting, and starts a
        // background fetch.
        clock.advance(by: .seconds(1801))
        _ = try await issuer.verify(token)
        await cache.fetchInFlightFinished()
        #expect(fetcher.requests.count == 2)
        #expect(cache.snapshot?.keys.contains(keyID: "removed") == false)
        let error = await asyncTokenError { _ = try await issuer.verify(token) }
        #expect(error?.code == .unknownKey)
        // The other key is unaffected.
        _ = try await issuer.verify(try Fixtures.es256.token(claims: Self.claims()))
    }

    @Test("While the provider fails, the last good set keeps verifying and a stale request after the backoff fetches again")
    func revalidationBacksOff() async throws {
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(TestSigningKey.jwksJSON([Fixtures.es256]), at: Self.url)
        let clock = ManualClock(now: Fixtures.now)
        let cache = KeySetCache(configuration: .init(source: .jwks(url: Self.url)), fetcher: fetcher, clock: clock, wallClock: clock)
        let issuer = IssuerVerifier(verifier: Fixtures.verifier(), keys: cache, wallClock: clock)
        let token = try Fixtures.es256.token(claims: Self.claims())
        _ = try await issuer.verify(token)
        fetcher.fail(Self.url, with: TokenGateError(.fetchStatus, detail: "HTTP status 503"))
        clock.advance(by: .seconds(3601))
        _ = try await issuer.verify(token)
        await cache.fetchInFlightFinished()
        #expect(fetcher.requests.count == 2)
        #expect(cache.state.withLock { !$0.machine.fetchInFlight })
        // Backing off: a stale request is answered and starts nothing.
        _ = try await issuer.verify(token)
        await cache.fetchInFlightFinished()
        #expect(fetcher.requests.count == 2)
        // After the first backoff step (1 s), the next request starts one more.
        clock.advance(by: .seconds(2))
        _ = try await issuer.verify(token)
        await cache.fetchInFlightFinished()
        #expect(fetcher.requests.count == 3)
    }
}
