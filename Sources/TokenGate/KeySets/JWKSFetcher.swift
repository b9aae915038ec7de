/// Fetches key-set and discovery documents over HTTP.
///
/// The package's implementation lives in `TokenGateHTTPClient` (AsyncHTTPClient, with a
/// connect timeout, a total deadline, a body cap, `If-None-Match`, no redirect to another host,
/// and https required outside loopback). Tests and other transports conform their own.
///
/// ```swift
/// struct FixedFetcher: JWKSFetcher {
///     let body: [UInt8]
///     func fetch(_ request: FetchRequest) async throws(TokenGateError) -> FetchResponse {
///         FetchResponse(status: .ok, body: body)
///     }
/// }
/// ```
public protocol JWKSFetcher: Sendable {
    /// Fetches `request.url`.
    /// - Throws: ``TokenGateError`` with a fetch code (`.fetchTimedOut`, `.fetchFailed`,
    ///   `.fetchStatus`, `.fetchTooLarge`, `.fetchRedirectRefused`, `.fetchInsecureURL`).
    func fetch(_ request: FetchRequest) async throws(TokenGateError) -> FetchResponse
}

/// One document to fetch.
public struct FetchRequest: Sendable, Hashable {
    /// The absolute URL.
    public var url: String
    /// The `ETag` of the copy the caller holds, sent as `If-None-Match`.
    public var etag: String?
    /// The largest body accepted, in bytes.
    public var maximumBodySize: Int

    /// Creates a request.
    public init(url: String, etag: String? = nil, maximumBodySize: Int = 512 * 1024) {
        self.url = url
        self.etag = etag
        self.maximumBodySize = maximumBodySize
    }
}

/// What a fetch returned.
public struct FetchResponse: Sendable, Hashable {
    /// Whether the body is new or the caller's copy is still current.
    public struct Status: Sendable, Hashable {
        private enum Backing: Sendable, Hashable {
            case ok, notModified
        }

        private let backing: Backing

        /// 200: the body is the document.
        public static let ok = Status(backing: .ok)
        /// 304: the copy named by `If-None-Match` is current; the body is empty.
        public static let notModified = Status(backing: .notModified)
    }

    /// 200 or 304.
    public var status: Status
    /// The document (empty for 304).
    public var body: [UInt8]
    /// The `ETag` header.
    public var etag: String?
    /// The `Cache-Control` header.
    public var cacheControl: String?
    /// The `Expires` header.
    public var expires: String?
    /// The `Date` header.
    public var date: String?

    /// Creates a response.
    public init(
        status: Status,
        body: [UInt8] = [],
        etag: String? = nil,
        cacheControl: String? = nil,
        expires: String? = nil,
        date: String? = nil
    ) {
        self.status = status
        self.body = body
        self.etag = etag
        self.cacheControl = cacheControl
        self.expires = expires
        self.date = date
    }
}
