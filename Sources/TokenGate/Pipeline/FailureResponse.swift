public import HTTPTypes

/// The HTTP response for a refused request: a head and a small body. Adapters write it as is.
///
/// ```swift
/// configuration.makeResponse = { failure in
///     var response = failure.defaultResponse()
///     response.head.headerFields[.init("X-Auth-Failure")!] = failure.kind.description
///     return response
/// }
/// ```
public struct FailureResponse: Sendable {
    /// Status and header fields.
    public var head: HTTPResponse
    /// The body bytes (the default is UTF-8 JSON).
    public var body: [UInt8]

    /// Creates a response.
    /// - Parameters:
    ///   - head: Status and header fields.
    ///   - body: The body bytes.
    public init(head: HTTPResponse, body: [UInt8]) {
        self.head = head
        self.body = body
    }
}
