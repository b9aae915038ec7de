#if Hummingbird
public import Hummingbird
public import TokenGate

extension Response: PipelineOutput {
    /// The Hummingbird response for a complete ``TokenGate/PipelineResponse`` (with its
    /// `Content-Length`).
    /// - Parameter response: Head and body.
    @inlinable
    public init(_ response: PipelineResponse) {
        var headers = response.head.headerFields
        headers[.contentLength] = String(response.body.count)
        self.init(status: response.head.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}
#endif
