public import HTTPTypes

/// A complete response for the neutral pipeline: a head and a buffered body.
public struct PipelineResponse: Sendable, FailureResponseRepresentable {
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

    /// Creates the response for a refused request.
    public init(failureResponse: FailureResponse) {
        self.init(head: failureResponse.head, body: failureResponse.body)
    }
}
