#if Vapor
public import HTTPTypes
public import TokenGate
public import Vapor

/// The ``TokenGate/PipelineOutput`` that ``PipelineAsyncMiddleware`` passes through a
/// middleware: a Vapor `Response`, whose status and header fields ``head`` reads and writes
/// (the body is left as it is, streamed or not).
public struct VaporPipelineOutput: PipelineOutput, Sendable {
    /// The Vapor response.
    public let response: Response

    /// Wraps a Vapor response.
    /// - Parameter response: The response.
    public init(response: Response) {
        self.response = response
    }

    /// A Vapor response for a complete ``TokenGate/PipelineResponse``.
    /// - Parameter response: Head and body.
    public init(_ response: PipelineResponse) {
        var headers = HTTPHeaders()
        for field in response.head.headerFields {
            headers.add(name: field.name.rawName, value: field.value)
        }
        self.response = Response(
            status: HTTPResponseStatus(statusCode: response.head.status.code, reasonPhrase: response.head.status.reasonPhrase),
            headers: headers,
            body: Response.Body(buffer: ByteBuffer(bytes: response.body))
        )
    }

    /// The response's status and header fields (a field whose name is not a valid token is not
    /// shown, and is kept when the head is set).
    public var head: HTTPResponse {
        get {
            var fields = HTTPFields()
            for (name, value) in self.response.headers {
                guard let name = HTTPField.Name(name) else { continue }
                fields.append(HTTPField(name: name, value: value))
            }
            let status = self.response.status
            return HTTPResponse(status: HTTPResponse.Status(code: Int(status.code), reasonPhrase: status.reasonPhrase), headerFields: fields)
        }
        nonmutating set {
            var headers = HTTPHeaders()
            for (name, value) in self.response.headers where HTTPField.Name(name) == nil {
                headers.add(name: name, value: value)
            }
            for field in newValue.headerFields {
                headers.add(name: field.name.rawName, value: field.value)
            }
            self.response.status = HTTPResponseStatus(statusCode: newValue.status.code, reasonPhrase: newValue.status.reasonPhrase)
            self.response.headers = headers
        }
    }
}
#endif
