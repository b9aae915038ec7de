import TokenGate

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An absolute http(s) URL, parsed with Foundation and checked before any request is made.
struct FetchURL: Equatable {
    let text: String
    let scheme: String
    /// Lowercased; IPv6 literals keep their brackets.
    let host: String
    let port: Int

    var origin: String { "\(self.scheme)://\(self.host):\(self.port)" }

    /// Parses `text` with `URLComponents` and checks the parsed result: http or https only, a
    /// host of letters, digits, `.`, `-` (or a bracketed IPv6 literal), no user info; plain http
    /// only to loopback (`localhost`, a dotted quad in 127.0.0.0/8, or `[::1]`) unless
    /// `allowInsecureHTTP`.
    init(_ text: String, allowInsecureHTTP: Bool) throws(TokenGateError) {
        func refuse(_ reason: String) -> TokenGateError { TokenGateError(.fetchInsecureURL, detail: reason) }
        guard let parts = URLParts(text) else { throw refuse("not an absolute URL with a host") }
        guard parts.scheme == "https" || parts.scheme == "http" else { throw refuse("scheme not http(s)") }
        guard parts.userInfo == nil else { throw refuse("user info in the URL") }
        guard parts.isPlainHost else { throw refuse("a malformed host") }
        let port = parts.port ?? (parts.scheme == "https" ? 443 : 80)
        guard (1...65535).contains(port) else { throw refuse("bad port") }
        guard parts.scheme == "https" || parts.isLoopback || allowInsecureHTTP else {
            throw refuse("plain http to a non-loopback host")
        }
        self.text = text
        self.scheme = parts.scheme
        self.host = parts.host
        self.port = port
    }

    /// Resolves a `Location` header against this URL (RFC 3986 reference resolution, by
    /// Foundation's `URL`), then checks the result like any other URL.
    func resolving(_ location: String, allowInsecureHTTP: Bool) throws(TokenGateError) -> FetchURL {
        guard let base = URL(string: self.text), let resolved = URL(string: location, relativeTo: base) else {
            throw TokenGateError(.fetchRedirectRefused, detail: "unparsable Location")
        }
        return try FetchURL(resolved.absoluteString, allowInsecureHTTP: allowInsecureHTTP)
    }
}
