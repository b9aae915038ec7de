import Synchronization
public import TokenGate

/// A ``JWKSFetcher`` that serves documents from memory, for unit tests that need no socket.
///
/// Each URL has a standing answer (a document with its caching headers, a failure, or a
/// function of the request), optionally preceded by scripted one-time answers. Fetches can be
/// held until released, to test what happens while one is in flight.
///
/// ```swift
/// let fetcher = InMemoryJWKSFetcher()
/// fetcher.serve(TestSigningKey.jwksJSON([key]), at: "https://issuer.test/keys", cacheControl: "max-age=600", etag: "\"v1\"")
/// fetcher.fail("https://issuer.test/keys", status: 503)
/// fetcher.hold("https://issuer.test/keys")           // later fetches wait …
/// await fetcher.waitUntilHeld(1)                       // … one is waiting now
/// fetcher.release("https://issuer.test/keys")        // … and they go on
/// ```
public final class InMemoryJWKSFetcher: JWKSFetcher {
    /// How a URL is answered: the request in, a response or a failure out.
    public typealias Responder = @Sendable (FetchRequest) throws(TokenGateError) -> FetchResponse

    private struct Held {
        let id: UInt64
        let url: String
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct Watcher {
        let count: Int
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var responders: [String: Responder] = [:]
        var scripts: [String: [Result<FetchResponse, TokenGateError>]] = [:]
        var requests: [FetchRequest] = []
        var heldURLs: Set<String> = []
        var held: [Held] = []
        var watchers: [Watcher] = []
        var nextID: UInt64 = 0
        var cancelledWhileHeld = 0
    }

    private let state = Mutex(State())

    /// Creates an empty fetcher (every URL fails with `.fetchStatus`, as an HTTP 404 would).
    public init() {}

    /// Serves `json` at `url` from now on, with optional caching headers.
    public func serve(
        _ json: String,
        at url: String,
        cacheControl: String? = nil,
        etag: String? = nil,
        expires: String? = nil,
        date: String? = nil
    ) {
        let response = FetchResponse(status: .ok, body: Array(json.utf8), etag: etag, cacheControl: cacheControl, expires: expires, date: date)
        self.respond(at: url) { _ throws(TokenGateError) in response }
    }

    /// Answers fetches of `url` with `responder` from now on (for conditional answers: a 304
    /// when the request's `etag` matches, for example).
    public func respond(at url: String, with responder: @escaping Responder) {
        self.state.withLock { $0.responders[url] = responder }
    }

    /// Makes fetches of `url` fail with `error` from now on.
    public func fail(_ url: String, with error: TokenGateError) {
        self.respond(at: url) { _ throws(TokenGateError) in throw error }
    }

    /// Makes fetches of `url` fail as an HTTP error status does (`.fetchStatus`).
    public func fail(_ url: String, status: Int) {
        self.fail(url, with: TokenGateError(.fetchStatus, detail: "HTTP status \(status)"))
    }

    /// Answers the next fetches of `url` with `results`, one each, in order; then the standing
    /// answer applies again.
    public func script(_ url: String, _ results: [Result<FetchResponse, TokenGateError>]) {
        self.state.withLock { $0.scripts[url, default: []].append(contentsOf: results) }
    }

    /// Makes later fetches of `url` wait until ``release(_:)`` (or until their task is
    /// cancelled: they then fail with `.fetchFailed`, and ``cancelledWhileHeld`` counts them).
    public func hold(_ url: String) {
        self.state.withLock { _ = $0.heldURLs.insert(url) }
    }

    /// Lets the waiting fetches of `url` go on, and later ones pass at once.
    public func release(_ url: String) {
        let released = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.heldURLs.remove(url)
            let released = state.held.filter { $0.url == url }
            state.held.removeAll { $0.url == url }
            return released.map(\.continuation)
        }
        for continuation in released { continuation.resume() }
    }

    /// How many fetches are waiting to be released.
    public var heldCount: Int { self.state.withLock { $0.held.count } }

    /// How many held fetches were cancelled before their release.
    public var cancelledWhileHeld: Int { self.state.withLock { $0.cancelledWhileHeld } }

    /// Suspends until at least `count` fetches are waiting to be released. There is no timeout:
    /// give the test a `.timeLimit` trait.
    public func waitUntilHeld(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = self.state.withLock { state -> Bool in
                if state.held.count >= count { return true }
                state.watchers.append(Watcher(count: count, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Every request received, in order.
    public var requests: [FetchRequest] { self.state.withLock { $0.requests } }

    /// How many requests for `url` were received.
    public func requestCount(for url: String) -> Int {
        self.state.withLock { $0.requests.count(where: { $0.url == url }) }
    }

    /// Answers with the next scripted result for `request.url`, or its standing answer (a
    /// `.fetchStatus` failure when there is none), after waiting while the URL is held.
    public func fetch(_ request: FetchRequest) async throws(TokenGateError) -> FetchResponse {
        let mustWait = self.state.withLock { state in
            state.requests.append(request)
            return state.heldURLs.contains(request.url)
        }
        if mustWait { try await self.waitForRelease(request.url) }
        let answer = self.state.withLock { state -> Result<FetchResponse, TokenGateError>? in
            guard var script = state.scripts[request.url], !script.isEmpty else { return nil }
            let next = script.removeFirst()
            state.scripts[request.url] = script
            return next
        }
        if let answer { return try answer.get() }
        let responder = self.state.withLock { $0.responders[request.url] }
        guard let responder else { throw TokenGateError(.fetchStatus, detail: "HTTP status 404") }
        return try responder(request)
    }

    private func waitForRelease(_ url: String) async throws(TokenGateError) {
        let id = self.state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let (parked, woken) = self.state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                    // Released (or cancelled) before this fetch parked: go on at once.
                    guard state.heldURLs.contains(url) else { return (false, []) }
                    if Task.isCancelled {
                        state.cancelledWhileHeld += 1
                        return (false, [])
                    }
                    state.held.append(Held(id: id, url: url, continuation: continuation))
                    let count = state.held.count
                    let woken = state.watchers.filter { $0.count <= count }.map(\.continuation)
                    state.watchers.removeAll { $0.count <= count }
                    return (true, woken)
                }
                if !parked { continuation.resume() }
                for watcher in woken { watcher.resume() }
            }
        } onCancel: {
            let continuation = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.held.firstIndex(where: { $0.id == id }) else { return nil }
                state.cancelledWhileHeld += 1
                return state.held.remove(at: index).continuation
            }
            continuation?.resume()
        }
        if Task.isCancelled { throw TokenGateError(.fetchFailed, detail: "cancelled") }
    }
}
