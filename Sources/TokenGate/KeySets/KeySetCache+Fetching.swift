import CoreMetrics
import Logging
import Synchronization

extension KeySetCache {
    /// One fetch, start to end, within ``Configuration/fetchTimeLimit``. Runs in a task owned
    /// by the cache.
    func fetch(cause: RefreshCause) async -> Result<KeySetSnapshot, TokenGateError> {
        self.metrics.refreshes(cause).increment()
        let started = self.elapsed()
        let result = await self.withinTimeLimit(until: started + self.configuration.fetchTimeLimit)
        let now = self.elapsed()
        self.metrics.fetchDuration.recordNanoseconds(Int64((now - started).seconds * 1e9))
        let transition: Transition?
        switch result {
        case .success(let snapshot):
            self.metrics.fetchSucceeded.increment()
            transition = self.state.withLock { state in
                state.inFlight = nil
                return state.machine.fetchSucceeded(snapshot, now: now)
            }
            self.metrics.keyCount.record(snapshot.keys.keys.count)
            self.metrics.snapshotAge.record(0)
            if let path = self.configuration.persistencePath {
                // Every successful fetch is written (at most once per refresh interval), so the
                // durable copy always carries the newest expiry.
                Self.persist(snapshot, path: path, configuration: self.configuration, logger: self.logger)
            }
            self.log(transition, snapshot: snapshot)
        case .failure(let error):
            self.metrics.fetchFailed.increment()
            self.metrics.fetchFailures(reason: error.code).increment()
            transition = self.state.withLock { state in
                state.inFlight = nil
                state.discoveredJWKSURL = nil  // discover again next time
                return state.machine.fetchFailed(now: now)
            }
            if transition == .startedFailing {
                let hasKeys = self.snapshot != nil
                self.logger.warning(
                    hasKeys ? "key set fetch failed; using the last good key set" : "key set fetch failed; no key set yet",
                    metadata: ["keyset": "\(self.configuration.name)", "reason": "\(error.code)"]
                )
            }
        }
        return result
    }

    private func log(_ transition: Transition?, snapshot: KeySetSnapshot) {
        guard let transition else { return }
        var metadata: Logger.Metadata = [
            "keyset": "\(self.configuration.name)",
            "keys": "\(snapshot.keys.keys.count)",
            "skipped": "\(snapshot.keys.skipped.count)",
        ]
        if !snapshot.keys.skipped.isEmpty {
            metadata["skipReasons"] = .array(snapshot.keys.skipped.map { "\($0.reason)" })
        }
        switch transition {
        case .becameReady: self.logger.info("key set ready", metadata: metadata)
        case .updated: self.logger.info("key set updated", metadata: metadata)
        case .recovered: self.logger.info("key set fetch recovered", metadata: metadata)
        case .startedFailing: break
        }
    }

    /// Fetches and parses the key set (after discovery when configured so).
    func fetchSnapshot() async throws(TokenGateError) -> KeySetSnapshot {
        let url = try await self.jwksURL()
        let current = self.state.withLock { $0.machine.snapshot }
        let request = FetchRequest(url: url, etag: current?.etag, maximumBodySize: self.configuration.maximumBodySize)
        let response = try await self.fetcher.fetch(request)
        let now = self.elapsed()
        let wallNow = self.wallClock.currentDate()
        let requested = CacheLifetime.requested(
            cacheControl: response.cacheControl,
            expires: response.expires,
            date: response.date,
            now: wallNow
        )
        let (expiresAt, refreshAt) = self.state.withLock { $0.machine.freshness(requested: requested, now: now, jitter: self.random()) }
        if response.status == .notModified {
            // Only an ETag this process was served may renew keys: the durable copy's is never sent.
            guard let current, request.etag != nil else { throw TokenGateError(.fetchStatus, detail: "304 without If-None-Match") }
            return current.renewed(fetchedAt: now, expiresAt: expiresAt, refreshAt: refreshAt, wallClock: wallNow, etag: response.etag)
        }
        let keys = try KeySet(jwks: response.body, maximumKeys: self.configuration.maximumKeys)
        guard !keys.isEmpty else {
            // A document with no usable key is treated as a failed fetch: the last good set stays.
            throw TokenGateError(.invalidKeySet, detail: "no usable key in the key set")
        }
        return KeySetSnapshot(
            keys: keys,
            fetchedAt: now,
            expiresAt: expiresAt,
            refreshAt: refreshAt,
            etag: response.etag,
            document: response.body,
            fetchedAtWallClock: wallNow
        )
    }

    /// The JWKS URL: configured, or read from the discovery document (whose `issuer` must match).
    /// A discovered `jwks_uri` may name any host, as OpenID Connect Discovery allows, but must be
    /// https unless it is on loopback.
    private func jwksURL() async throws(TokenGateError) -> String {
        switch self.configuration.source.backing {
        case .jwks(let url):
            return url
        case .discovery(let url, let issuer):
            if let known = self.state.withLock({ $0.discoveredJWKSURL }) { return known }
            let response = try await self.fetcher.fetch(FetchRequest(url: url, maximumBodySize: self.configuration.maximumBodySize))
            let document = try DiscoveredJWKSURI.read(response.body, issuer: issuer)
            guard let jwksURL = document.jwksURI, !jwksURL.isEmpty else {
                throw TokenGateError(.discoveryMismatch, detail: "discovery document has no jwks_uri")
            }
            guard let parts = URLParts(jwksURL), parts.isDiscoverableEndpoint else {
                throw TokenGateError(.fetchInsecureURL, detail: "discovery's jwks_uri is not https (plain http only on loopback)")
            }
            self.state.withLock { $0.discoveredJWKSURL = jwksURL }
            return jwksURL
        }
    }
}
