public import HTTPTypes

/// A complete response: a head and a small body, as a middleware that answers itself builds it,
/// and as ``APIStrategy`` answers a refused request (``AuthorizationFailure/defaultResponse()``).
/// It is also the ``PipelineOutput`` of a pipeline run without a server.
///
/// ```swift
/// configuration.makeResponse = { failure in
///     var response = failure.defaultResponse()
///     response.head.headerFields[HTTPField.Name("X-Auth-Failure")!] = failure.kind.description
///     return response
/// }
/// ```
public struct PipelineResponse: Sendable, PipelineOutput {
    /// Status and header fields.
    public var head: HTTPResponse
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    /// - Parameters:
    ///   - head: Status and header fields.
    ///   - body: The body bytes.
    public init(head: HTTPResponse, body: [UInt8] = []) {
        self.head = head
        self.body = body
    }

    /// The response itself.
    public init(_ response: PipelineResponse) {
        self = response
    }
}
