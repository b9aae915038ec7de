public import AsyncHTTPClient
import NIOCore
import NIOHTTP1
public import TokenGate

/// Fetches key-set and discovery documents with an AsyncHTTPClient `HTTPClient` you give it
/// (`HTTPClient.shared` by default), bounded in every way.
///
/// - one deadline per fetch that covers connecting, redirects and the whole body (default 5 s):
///   a server that sends the head and then trickles the body is cut;
/// - body cap (the request's `maximumBodySize`, 512 KiB by default), checked against
///   `Content-Length` first and enforced while reading;
/// - `If-None-Match` with the cached `ETag`;
/// - redirects followed only within the same scheme, host and port, at most 3 (a client that
///   follows redirects itself is handed them back, and any hop it did follow is checked);
/// - https required, except for loopback hosts or with ``Configuration/allowInsecureHTTP``.
///
/// The fetcher owns nothing: the `HTTPClient` stays yours (the shared one needs no shutdown).
///
/// ```swift
/// let cache = KeySetCache(configuration: .init(source: .discovery(issuer: issuer)), fetcher: HTTPJWKSFetcher())
/// ```
public struct HTTPJWKSFetcher: JWKSFetcher {
    /// Limits for every fetch.
    public struct Configuration: Sendable {
        /// Deadline for the whole fetch: connecting, redirects and every byte of the body
        /// (default 5 s).
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
    /// The client that makes the requests.
    public let httpClient: HTTPClient

    /// Creates a fetcher.
    /// - Parameters:
    ///   - httpClient: Makes the requests (default: `HTTPClient.shared`); not shut down by the fetcher.
    ///   - configuration: The limits.
    public init(httpClient: HTTPClient = .shared, configuration: Configuration = Configuration()) {
        self.httpClient = httpClient
        self.configuration = configuration
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
            outgoing.body = SingleUseBody.body()
            outgoing.headers.add(name: "Accept", value: "application/json")
            outgoing.headers.add(name: "User-Agent", value: "TokenGate")
            if let etag = request.etag { outgoing.headers.add(name: "If-None-Match", value: etag) }
            let response = try await self.httpClient.execute(outgoing, deadline: deadline)
            // Hops the client followed on its own (a 303): the same rules as ours.
            for hop in response.history.dropFirst() {
                redirects += 1
                let next = try FetchURL(hop.request.url, allowInsecureHTTP: self.configuration.allowInsecureHTTP)
                guard redirects <= self.configuration.maximumRedirects, next.origin == target.origin else {
                    throw TokenGateError(.fetchRedirectRefused, detail: "the HTTP client followed a redirect out of bounds")
                }
                target = next
            }
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
            case .redirectLimitReached, .redirectCycleDetected:
                return TokenGateError(.fetchRedirectRefused, underlying: error)
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
