public import HTTPTypes

/// A framework-neutral request-pipeline step, written only against swift-http-types: it
/// receives the request head, a ``PipelineContext`` and the rest of the pipeline, and either
/// answers itself (`Output(PipelineResponse(…))`) or calls `next`, possibly adjusting the
/// response's head (status, header fields) on the way back. It never sees a body, so responses
/// stream through it unbuffered.
///
/// The same value runs on Hummingbird (`PipelineRouterMiddleware`), on Vapor
/// (`PipelineAsyncMiddleware`), and on any other server that supplies a ``PipelineOutput``
/// (``PipelineResponse`` without a server). ``APIStrategyMiddleware`` is one.
///
/// ```swift
/// struct RequireTenantHeader: PipelineMiddleware {
///     func handle<Output: PipelineOutput>(
///         _ request: HTTPRequest, context: PipelineContext,
///         next: (HTTPRequest, PipelineContext) async throws -> Output
///     ) async throws -> Output {
///         guard request.headerFields[HTTPField.Name("X-Tenant")!] != nil else {
///             return Output(PipelineResponse(head: HTTPResponse(status: .badRequest)))
///         }
///         var response = try await next(request, context)
///         response.head.headerFields[.cacheControl] = "no-store"
///         return response
///     }
/// }
/// ```
public protocol PipelineMiddleware: Sendable {
    /// Handles a request.
    /// - Parameters:
    ///   - request: The request head.
    ///   - context: The request's authorization so far.
    ///   - next: The rest of the pipeline.
    /// - Returns: The response: the server's own, from `next`, or one built here.
    func handle<Output: PipelineOutput>(
        _ request: HTTPRequest,
        context: PipelineContext,
        next: (HTTPRequest, PipelineContext) async throws -> Output
    ) async throws -> Output
}
