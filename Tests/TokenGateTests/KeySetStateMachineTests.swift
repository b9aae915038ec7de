import Testing
import TokenGateTesting

@testable import TokenGate

/// The key-set rules without I/O or clocks: every input carries `now`.
@Suite("Key-set state machine")
struct KeySetStateMachineTests {
    typealias Machine = KeySetCache.StateMachine

    private static let policy: Machine.Policy = KeySetCache.Configuration(source: .jwks(url: "https://issuer.test/keys")).policy

    private func snapshot(at now: Duration, keys: [TestSigningKey] = [Fixtures.es256]) throws -> KeySetSnapshot {
        KeySetSnapshot(
            keys: try TestSigningKey.keySet(keys),
            fetchedAt: now,
            expiresAt: now + .seconds(3600),
            refreshAt: now + .seconds(2880),
            etag: nil,
            document: [],
            fetchedAtWallClock: Fixtures.now
        )
    }

    @Test("Cold start: one fetch starts, others join it; after a failure, requests are refused until the backoff ends")
    func coldStart() {
        var machine = Machine(policy: Self.policy)
        let firstRequest = machine.needKeys(now: .zero)
        #expect(firstRequest == .start(.initial))
        let secondRequest = machine.needKeys(now: .zero)
        #expect(secondRequest == .join)
        let firstFailure = machine.fetchFailed(now: .seconds(1))
        #expect(firstFailure == .startedFailing)
        let duringBackoff = machine.needKeys(now: .milliseconds(1500))
        #expect(duringBackoff == .refuse(retryAfter: .milliseconds(500), negativeCacheHit: false))
        let afterBackoff = machine.needKeys(now: .seconds(2))
        #expect(afterBackoff == .start(.initial))
        let secondFailure = machine.fetchFailed(now: .seconds(2))  // still failing: no new log line
        #expect(secondFailure == nil)
        // Backoff doubles: 1 s, then 2 s.
        let duringLongerBackoff = machine.needKeys(now: .seconds(3))
        #expect(duringLongerBackoff == .refuse(retryAfter: .seconds(1), negativeCacheHit: false))
    }

    @Test("Stale-while-revalidate: an expired snapshot starts one background fetch, none while one is in flight or backing off")
    func revalidateExpired() throws {
        var machine = Machine(policy: Self.policy)
        let fetched = try snapshot(at: .zero)
        _ = machine.fetchSucceeded(fetched, now: .zero)
        // Fresh: no fetch.
        let fresh = machine.snapshotForRequest(now: .seconds(3599))
        #expect(fresh.snapshot === fetched && !fresh.revalidate)
        // Expired: served at once, and this request starts the fetch; the next ones do not.
        let expired = machine.snapshotForRequest(now: .seconds(3601))
        #expect(expired.snapshot === fetched && expired.revalidate)
        #expect(!machine.snapshotForRequest(now: .seconds(3601)).revalidate)
        _ = machine.fetchFailed(now: .seconds(3602))
        // Backing off (1 s): still served, no fetch.
        let backingOff = machine.snapshotForRequest(now: .milliseconds(3_602_500))
        #expect(backingOff.snapshot === fetched && !backingOff.revalidate)
        #expect(machine.snapshotForRequest(now: .seconds(3603)).revalidate)
    }

    @Test("A durable copy is used at once and fetched again at the first request")
    func durableCopyRevalidated() throws {
        var machine = Machine(policy: Self.policy)
        let loaded = try snapshot(at: .zero)
        machine.loadedDurableCopy(loaded)
        let first = machine.snapshotForRequest(now: .seconds(1))
        #expect(first.snapshot === loaded && first.revalidate)
        _ = machine.fetchSucceeded(try snapshot(at: .seconds(2)), now: .seconds(2))
        #expect(!machine.snapshotForRequest(now: .seconds(3)).revalidate)
    }

    @Test("Backoff doubles up to its ceiling")
    func backoffCeiling() {
        var machine = Machine(policy: Self.policy)
        var now = Duration.zero
        var waits: [Duration] = []
        for _ in 0..<8 {
            guard case .start = machine.needKeys(now: now) else {
                Issue.record("expected a fetch")
                return
            }
            _ = machine.fetchFailed(now: now)
            guard case .refuse(let retryAfter, _) = machine.needKeys(now: now) else {
                Issue.record("expected a refusal")
                return
            }
            waits.append(retryAfter)
            now += retryAfter
        }
        #expect(waits == [1, 2, 4, 8, 16, 30, 30, 30].map { Duration.seconds($0) })
    }

    @Test("Unknown kid: one refresh per cooldown, never a wait; a kid confirmed absent is refused from memory")
    func unknownKidCooldown() throws {
        var machine = Machine(policy: Self.policy)
        _ = machine.needKeys(now: .zero)
        let firstFetch = machine.fetchSucceeded(try snapshot(at: .zero), now: .zero)
        #expect(firstFetch == .becameReady)
        let newKid = machine.missingKey("new", cause: .unknownKey, now: .seconds(10))
        #expect(newKid == .start(.unknownKey))
        let otherKidMeanwhile = machine.missingKey("other", cause: .unknownKey, now: .seconds(10))
        #expect(otherKidMeanwhile == .join)
        let refreshDone = machine.fetchSucceeded(try snapshot(at: .seconds(10)), now: .seconds(10))
        #expect(refreshDone == nil)
        machine.rememberAbsent("new", now: .seconds(10))
        let absentKid = machine.missingKey("new", cause: .unknownKey, now: .seconds(11))
        #expect(absentKid == .refuse(retryAfter: .seconds(29), negativeCacheHit: true))
        let duringCooldown = machine.missingKey("third", cause: .unknownKey, now: .seconds(11))
        #expect(duringCooldown == .refuse(retryAfter: .seconds(29), negativeCacheHit: false))
        let signatureDuringCooldown = machine.missingKey("sig", cause: .signatureFailure, now: .seconds(20))
        #expect(signatureDuringCooldown == .refuse(retryAfter: .seconds(20), negativeCacheHit: false))
        let afterCooldown = machine.missingKey("third", cause: .unknownKey, now: .seconds(40))
        #expect(afterCooldown == .start(.unknownKey))
    }

    @Test("The negative cache never grows past its limit")
    func negativeCacheLimit() {
        var policy = Self.policy
        policy.negativeCacheLimit = 100
        var machine = Machine(policy: policy)
        for index in 0..<10_000 {
            machine.rememberAbsent("kid-\(index)", now: .seconds(Int64(index / 1000)))
            #expect(machine.negative.count <= 100)
        }
    }

    @Test("A new key set clears absent kids it now has; an unchanged one logs nothing")
    func negativeCacheCleared() throws {
        var machine = Machine(policy: Self.policy)
        _ = machine.needKeys(now: .zero)
        _ = machine.fetchSucceeded(try snapshot(at: .zero), now: .zero)
        machine.rememberAbsent("rsa-1", now: .zero)
        _ = machine.manualRefresh()
        let withNewKey = machine.fetchSucceeded(try snapshot(at: .seconds(1), keys: [Fixtures.es256, Fixtures.rs256]), now: .seconds(1))
        #expect(withNewKey == .updated)
        #expect(machine.negative["rsa-1"] == nil)
        _ = machine.manualRefresh()
        let unchanged = machine.fetchSucceeded(try snapshot(at: .seconds(2), keys: [Fixtures.es256, Fixtures.rs256]), now: .seconds(2))
        #expect(unchanged == nil)
    }

    @Test("Scheduled refresh: due at refreshAt, not while a fetch is in flight; last good set usable 24 h past expiry")
    func scheduledAndStale() throws {
        var machine = Machine(policy: Self.policy)
        _ = machine.needKeys(now: .zero)
        _ = machine.fetchSucceeded(try snapshot(at: .zero), now: .zero)
        let beforeRefreshAt = machine.scheduledRefresh(now: .seconds(2000))
        #expect(!beforeRefreshAt)
        let atRefreshAt = machine.scheduledRefresh(now: .seconds(2880))
        #expect(atRefreshAt)
        let whileInFlight = machine.scheduledRefresh(now: .seconds(2881))  // in flight
        #expect(!whileInFlight)
        _ = machine.fetchFailed(now: .seconds(2881))
        #expect(machine.usableSnapshot(now: .seconds(3600 + 86_400)) != nil)
        #expect(machine.usableSnapshot(now: .seconds(3600 + 86_401)) == nil)
    }

    @Test("Freshness is clamped and refresh lands between 75 % and 85 % of it", arguments: [0.0, 0.5, 0.999])
    func freshness(jitter: Double) {
        let machine = Machine(policy: Self.policy)
        let (expiresAt, refreshAt) = machine.freshness(requested: .seconds(10), now: .seconds(100), jitter: jitter)
        #expect(expiresAt == .seconds(400))
        #expect(refreshAt >= .seconds(100 + 225) && refreshAt <= .seconds(100 + 255))
    }
}
