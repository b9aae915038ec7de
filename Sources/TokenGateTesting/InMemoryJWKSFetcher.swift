public import TokenGate
import Synchronization

/// A ``JWKSFetcher`` that serves documents from memory, for unit tests that need no socket.
///
/// ```swift
/// let fetcher = InMemoryJWKSFetcher()
/// fetcher.serve(TestSigningKey.jwksJSON([key]), at: "https://issuer.test/keys")
/// ```
public final class InMemoryJWKSFetcher: JWKSFetcher {
    private struct State {
        var documents: [String: Result<FetchResponse, TokenGateError>] = [:]
        var requests: [FetchRequest] = []
    }

    private let state = Mutex(State())

    /// Creates an empty fetcher (every URL fails with `.fetchStatus`).
    public init() {}

    /// Serves `json` at `url` with optional caching headers.
    public func serve(_ json: String, at url: String, cacheControl: String? = nil, etag: String? = nil) {
        let response = FetchResponse(status: .ok, body: Array(json.utf8), etag: etag, cacheControl: cacheControl)
        self.state.withLock { $0.documents[url] = .success(response) }
    }

    /// Makes fetches of `url` fail with `error`.
    public func fail(_ url: String, with error: TokenGateError) {
        self.state.withLock { $0.documents[url] = .failure(error) }
    }

    /// Every request received, in order.
    public var requests: [FetchRequest] { self.state.withLock { $0.requests } }

    /// Serves what was configured for `request.url`.
    public func fetch(_ request: FetchRequest) async throws(TokenGateError) -> FetchResponse {
        let result = self.state.withLock { state in
            state.requests.append(request)
            return state.documents[request.url] ?? .failure(TokenGateError(.fetchStatus, detail: "HTTP status 404"))
        }
        return try result.get()
    }
}
