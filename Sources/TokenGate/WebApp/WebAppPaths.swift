/// Where the browser login lives in your application.
///
/// ```swift
/// var paths = WebAppPaths()
/// paths.callback = "/auth/callback"     // must match the redirect URI registered with the issuer
/// ```
public struct WebAppPaths: Sendable {
    /// Starts a login; `?returnTo=/path` chooses where to go afterwards (default `/login`).
    public var login: String = "/login"
    /// The redirect URI's path (default `/ibm/cloud/appid/callback`, App ID's convention).
    public var callback: String = "/ibm/cloud/appid/callback"
    /// Ends the session (`POST` with the session's logout token; `GET` shows a page with the
    /// logout form; default `/logout`).
    public var logout: String = "/logout"
    /// Where logout sends the browser (default `/`).
    public var afterLogout: String = "/"

    /// The defaults.
    public init() {}
}
