public import HTTPTypes

/// A server's response type as a ``PipelineMiddleware`` sees it: built from a complete
/// ``PipelineResponse`` (a middleware that answers itself), and with a head that a middleware
/// may adjust after `next` (status, header fields) without touching the body, which may be
/// streamed.
///
/// ``PipelineResponse`` conforms; so do Hummingbird's `Response` (TokenGateHummingbird) and
/// the wrapper the Vapor adapter passes (TokenGateVapor).
public protocol PipelineOutput {
    /// Creates the server's response for a complete response.
    /// - Parameter response: Head and body.
    init(_ response: PipelineResponse)
    /// The status and header fields.
    var head: HTTPResponse { get set }
}
