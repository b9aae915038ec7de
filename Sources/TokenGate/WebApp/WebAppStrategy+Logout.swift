extension WebAppStrategy {
    /// The form field that carries the session's ``WebSessionTokens/logoutToken``.
    public static let logoutTokenField = "csrf_token"

    /// The HTML of a logout form for a page of a logged-in session: a `POST` to the logout path
    /// carrying the session's logout token in a hidden field.
    ///
    /// ```swift
    /// let form = tokens.map { WebAppStrategy.logoutForm($0) } ?? ""
    /// ```
    /// - Parameters:
    ///   - tokens: The session's tokens.
    ///   - paths: The app's login paths.
    ///   - buttonID: The `id` of the submit button (default `logout`).
    public static func logoutForm(_ tokens: WebSessionTokens, paths: WebAppPaths = WebAppPaths(), buttonID: String = "logout") -> String {
        """
        <form method="post" action="\(Self.escapeAttribute(paths.logout))">\
        <input type="hidden" name="\(Self.logoutTokenField)" value="\(Self.escapeAttribute(tokens.logoutToken))">\
        <button type="submit" id="\(Self.escapeAttribute(buttonID))">Log out</button></form>
        """
    }

    /// Whether a logout request may end the session: a session without tokens has nothing to
    /// protect; a logged-in one must send its logout token in the form body
    /// (`application/x-www-form-urlencoded`). Another site can make the browser send a request,
    /// but cannot read the token from the app's pages.
    /// - Parameters:
    ///   - tokens: The session's tokens, if logged in.
    ///   - formBody: The request body.
    public static func allowsLogout(_ tokens: WebSessionTokens?, formBody: [UInt8]) -> Bool {
        guard let tokens else { return true }
        guard let sent = Self.formValue(Self.logoutTokenField, in: formBody) else { return false }
        return constantTimeEqual(Array(sent.utf8), Array(tokens.logoutToken.utf8))
    }

    /// The page `GET` on the logout path shows: a logged-in session gets a button that posts
    /// the logout form (a link or a cross-site navigation never logs out by itself); anyone
    /// else gets a link home. Serve it with ``logoutPageHeaders`` (no framing, no caching).
    /// - Parameters:
    ///   - tokens: The session's tokens, if logged in.
    ///   - paths: The app's login paths.
    public static func logoutPage(_ tokens: WebSessionTokens?, paths: WebAppPaths = WebAppPaths()) -> String {
        let body =
            tokens.map { "<p>Log out of this application?</p>" + Self.logoutForm($0, paths: paths) }
            ?? "<p>You are not logged in.</p><p><a href=\"\(Self.escapeAttribute(Self.safeReturnPath(paths.afterLogout)))\">Continue</a></p>"
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log out</title></head><body>
            <h1>Log out</h1>\(body)</body></html>
            """
    }

    /// Headers for ``logoutPage(_:paths:)``: not cached, never shown in a frame (so another site
    /// cannot overlay it to trick a click).
    public static let logoutPageHeaders: [(name: String, value: String)] = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Cache-Control", "no-store"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", "frame-ancestors 'none'"),
    ]

    /// The raw value of field `name` in a urlencoded form body (not percent-decoded: the
    /// logout token is base64url, which forms send unchanged; anything encoded fails to match).
    static func formValue(_ name: String, in body: [UInt8]) -> String? {
        let prefix = Array(name.utf8) + [UInt8(ascii: "=")]
        for field in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) where field.starts(with: prefix) {
            return String(decoding: field.dropFirst(prefix.count), as: UTF8.self)
        }
        return nil
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` as character references, for an attribute value.
    static func escapeAttribute(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
