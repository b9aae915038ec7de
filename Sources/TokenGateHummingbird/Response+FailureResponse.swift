#if Hummingbird
public import Hummingbird
public import TokenGate

extension Response {
    /// The Hummingbird response for a refused request.
    /// - Parameter failure: The response built by the strategy.
    public init(_ failure: FailureResponse) {
        var headers = failure.head.headerFields
        headers[.contentLength] = String(failure.body.count)
        self.init(status: failure.head.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: failure.body)))
    }
}
#endif
