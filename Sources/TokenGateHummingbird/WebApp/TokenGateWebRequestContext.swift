#if Hummingbird
public import HummingbirdAuth
public import TokenGate

/// A ready-made request context for web apps: hummingbird-auth's session (holding
/// ``WebAppSession``) and the ``TokenGate/AuthorizationContext`` as `identity`.
///
/// ```swift
/// let router = Router(context: TokenGateWebRequestContext.self)
/// router.add(middleware: SessionMiddleware(storage: MemoryPersistDriver(), configuration: WebAppStrategy.sessionConfiguration(secure: false)))
/// ```
public typealias TokenGateWebRequestContext = BasicSessionRequestContext<WebAppSession, AuthorizationContext>
#endif
