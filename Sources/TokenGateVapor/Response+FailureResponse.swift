#if Vapor
public import TokenGate
public import Vapor
import HTTPTypes

extension Response {
    /// The Vapor response for a refused request.
    /// - Parameter failure: The response built by the strategy.
    public convenience init(_ failure: FailureResponse) {
        var headers = HTTPHeaders()
        for field in failure.head.headerFields {
            headers.add(name: field.name.rawName, value: field.value)
        }
        self.init(
            status: HTTPResponseStatus(statusCode: failure.head.status.code),
            headers: headers,
            body: Response.Body(buffer: ByteBuffer(bytes: failure.body))
        )
    }
}
#endif
