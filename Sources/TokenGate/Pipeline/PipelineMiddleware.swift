/// A framework-neutral request-pipeline step: it receives a request and the rest of the
/// pipeline, and may answer itself or call `next`. Modelled on Hummingbird's
/// `MiddlewareProtocol`, so any Swift HTTP server can run it.
///
/// ```swift
/// struct Timing<Context>: PipelineMiddleware {
///     func handle(_ request: HTTPRequest, context: Context,
///                 next: (HTTPRequest, Context) async throws -> PipelineResponse) async throws -> PipelineResponse {
///         let start = ContinuousClock.now
///         defer { print(ContinuousClock.now - start) }
///         return try await next(request, context)
///     }
/// }
/// ```
public protocol PipelineMiddleware<Input, Output, Context>: Sendable {
    /// The request type.
    associatedtype Input
    /// The response type.
    associatedtype Output
    /// Per-request state handed along the pipeline.
    associatedtype Context

    /// Handles a request.
    /// - Parameters:
    ///   - input: The request.
    ///   - context: Per-request state.
    ///   - next: The rest of the pipeline.
    /// - Returns: The response.
    func handle(_ input: Input, context: Context, next: (Input, Context) async throws -> Output) async throws -> Output
}
