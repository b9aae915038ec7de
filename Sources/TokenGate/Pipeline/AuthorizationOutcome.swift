/// The result of ``APIStrategy/authorize(authorizationField:requirement:mode:)``.
public enum AuthorizationOutcome: Sendable {
    /// The request is authorized; hand the context to the handler.
    case authorized(AuthorizationContext)
    /// No credentials, and the mode lets such requests through without a context.
    case anonymous
    /// The request is refused; answer with ``APIStrategy/response(for:)``.
    case refused(AuthorizationFailure)
}
