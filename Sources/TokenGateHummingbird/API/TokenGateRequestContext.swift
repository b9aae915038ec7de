#if Hummingbird
public import HummingbirdAuth
public import TokenGate

/// A ready-made Hummingbird request context that carries an optional ``TokenGate/AuthorizationContext``
/// (hummingbird-auth's `BasicAuthRequestContext`).
///
/// ```swift
/// let router = Router(context: TokenGateRequestContext.self)
/// ```
public typealias TokenGateRequestContext = BasicAuthRequestContext<AuthorizationContext>
#endif
