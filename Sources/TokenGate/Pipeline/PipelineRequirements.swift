public import HTTPTypes

/// What ``APIStrategyMiddleware`` needs from a request: its `Authorization` field value.
///
/// `HTTPRequest` conforms; a server's own request type conforms by returning its header.
public protocol AuthorizationFieldReadable {
    /// The `Authorization` field value (several fields joined with `", "`), or `nil`.
    var authorizationField: Substring? { get }
}

/// What ``APIStrategyMiddleware`` needs from a pipeline's context: a place for the
/// ``AuthorizationContext``.
public protocol AuthorizationContextCarrying {
    /// The request's authorization, set by the middleware.
    var authorization: AuthorizationContext? { get set }
}

/// What ``APIStrategyMiddleware`` needs from a pipeline's response type: a way to build one
/// from a refusal.
public protocol FailureResponseRepresentable {
    /// Creates the response for a refused request.
    init(failureResponse: FailureResponse)
}

extension HTTPRequest: AuthorizationFieldReadable {
    /// The `Authorization` field value.
    public var authorizationField: Substring? {
        self.headerFields.authorizationField
    }
}
