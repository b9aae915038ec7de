import AsyncHTTPClient
import NIOCore
import NIOHTTP1
public import TokenGate

/// Fetches key-set and discovery documents with AsyncHTTPClient, bounded in every way.
///
/// - connect timeout (default 2 s) and one deadline per fetch that covers redirects and the
///   whole body (default 5 s): a server that sends the head and then trickles the body is cut;
/// - body cap (the request's `maximumBodySize`, 512 KiB by default), checked against
///   `Content-Length` first and enforced while reading;
/// - `If-None-Match` with the cached `ETag`;
/// - redirects followed only within the same scheme, host and port, at most 3;
/// - https required, except for loopback hosts or with ``Configuration/allowInsecureHTTP``.
///
/// The fetcher owns its `HTTPClient`: call ``shutdown()`` when done (or run the fetcher as a
/// service, which shuts the client down at graceful shutdown).
///
/// ```swift
/// let fetcher = HTTPJWKSFetcher()
/// let cache = KeySetCache(configuration: .init(source: .discovery(issuer: issuer)), fetcher: fetcher)
/// // …
/// try await fetcher.shutdown()
/// ```
public final class HTTPJWKSFetcher: JWKSFetcher {
    /// Limits for every fetch.
    public struct Configuration: Sendable {
        /// Connect timeout (default 2 s).
        public var connectTimeout: Duration = .seconds(2)
        /// Deadline for the whole fetch, redirects and every byte of the body included (default 5 s).
        public var deadline: Duration = .seconds(5)
        /// Plain http to non-loopback hosts; for development only (default off).
        public var allowInsecureHTTP: Bool = false
        /// Redirects followed within the same origin (default 3).
        public var maximumRedirects: Int = 3

        /// The defaults.
        public init() {}
    }

    /// The limits.
    public let configuration: Configuration
    let client: HTTPClient

    /// Creates a fetcher with its own `HTTPClient` (automatic redirects off, timeouts set).
    /// - Parameter configuration: The limits.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(Int64(configuration.connectTimeout.seconds * 1e9)), read: .nanoseconds(Int64(configuration.deadline.seconds * 1e9)))
        )
        clientConfiguration.decompression = .disabled
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    }

    /// Shuts the HTTP client down.
    public func shutdown() async throws {
        try await self.client.shutdown()
    }

    /// Fetches `request.url` within the limits. One deadline covers the whole fetch: connecting,
    /// the head, redirects and every byte of the body.
    /// - Throws: ``TokenGateError`` with a fetch code; `.fetchTimedOut` when the deadline passes.
    public func fetch(_ request: FetchRequest) async throws(TokenGateError) -> FetchResponse {
        let target = try FetchURL(request.url, allowInsecureHTTP: self.configuration.allowInsecureHTTP)
        let deadline = FetchDeadline(after: self.configuration.deadline)
        do {
            return try await deadline.run { try await self.exchange(request, target: target, deadline: deadline.nioDeadline) }
        } catch let error as TokenGateError {
            throw error
        } catch is FetchDeadline.Passed {
            throw TokenGateError(.fetchTimedOut, detail: "the answer did not arrive whole within the deadline")
        } catch {
            throw Self.map(error)
        }
    }

    /// The requests and redirects of one fetch; ``fetch(_:)`` bounds it in time.
    private func exchange(_ request: FetchRequest, target first: FetchURL, deadline: NIODeadline) async throws -> FetchResponse {
        var target = first
        var redirects = 0
        while true {
            var outgoing = HTTPClientRequest(url: target.text)
            outgoing.method = .GET
            outgoing.headers.add(name: "Accept", value: "application/json")
            outgoing.headers.add(name: "User-Agent", value: "TokenGate")
            if let etag = request.etag { outgoing.headers.add(name: "If-None-Match", value: etag) }
            let response = try await self.client.execute(outgoing, deadline: deadline)
            switch response.status.code {
            case 200:
                if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > request.maximumBodySize {
                    throw TokenGateError(.fetchTooLarge, detail: "Content-Length over the cap")
                }
                let body = try await response.body.collect(upTo: request.maximumBodySize)
                return FetchResponse(
                    status: .ok,
                    body: Array(body.readableBytesView),
                    etag: response.headers.first(name: "ETag"),
                    cacheControl: response.headers[canonicalForm: "Cache-Control"].joined(separator: ", ").nonEmpty,
                    expires: response.headers.first(name: "Expires"),
                    date: response.headers.first(name: "Date")
                )
            case 304:
                return FetchResponse(
                    status: .notModified,
                    etag: response.headers.first(name: "ETag"),
                    cacheControl: response.headers[canonicalForm: "Cache-Control"].joined(separator: ", ").nonEmpty,
                    expires: response.headers.first(name: "Expires"),
                    date: response.headers.first(name: "Date")
                )
            case 301, 302, 303, 307, 308:
                redirects += 1
                guard redirects <= self.configuration.maximumRedirects, let location = response.headers.first(name: "Location") else {
                    throw TokenGateError(.fetchRedirectRefused, detail: "too many redirects or no Location")
                }
                let next = try target.resolving(location, allowInsecureHTTP: self.configuration.allowInsecureHTTP)
                guard next.origin == target.origin else {
                    throw TokenGateError(.fetchRedirectRefused, detail: "redirect to another origin")
                }
                target = next
            default:
                throw TokenGateError(.fetchStatus, detail: "HTTP status \(response.status.code)")
            }
        }
    }

    private static func map(_ error: any Error) -> TokenGateError {
        if error is NIOTooManyBytesError {
            return TokenGateError(.fetchTooLarge, detail: "body over the cap")
        }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout:
                return TokenGateError(.fetchTimedOut, underlying: error)
            default:
                return TokenGateError(.fetchFailed, underlying: error)
            }
        }
        return TokenGateError(.fetchFailed, underlying: error)
    }
}

extension String {
    fileprivate var nonEmpty: String? { self.isEmpty ? nil : self }
}
