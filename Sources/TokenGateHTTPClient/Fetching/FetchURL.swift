import TokenGate

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An absolute http(s) URL, checked before any request is made.
struct FetchURL: Equatable {
    let text: String
    let scheme: String
    /// Lowercased; IPv6 literals keep their brackets.
    let host: String
    let port: Int

    var origin: String { "\(self.scheme)://\(self.host):\(self.port)" }

    /// Parses (with Foundation, as AsyncHTTPClient does) and checks `text`: http or https only,
    /// a host of letters, digits, `.`, `-` (or a bracketed IPv6 literal), no user info; plain
    /// http only to loopback (an address in 127.0.0.0/8, `::1`, or `localhost`) unless
    /// `allowInsecureHTTP`.
    init(_ text: String, allowInsecureHTTP: Bool) throws(TokenGateError) {
        func refuse(_ reason: String) -> TokenGateError { TokenGateError(.fetchInsecureURL, detail: reason) }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw refuse("not an absolute URL")
        }
        guard scheme == "https" || scheme == "http" else { throw refuse("scheme not http(s)") }
        guard components.user == nil, components.password == nil else { throw refuse("user info in the URL") }
        guard let host = components.encodedHost?.lowercased(), Self.isPlainHost(host) else { throw refuse("no host, or a malformed one") }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65535).contains(port) else { throw refuse("bad port") }
        guard scheme == "https" || URLParts.isLoopbackHost(host) || allowInsecureHTTP else {
            throw refuse("plain http to a non-loopback host")
        }
        self.text = text
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Resolves a `Location` header: absolute, or an absolute path on this origin.
    func resolving(_ location: String, allowInsecureHTTP: Bool) throws(TokenGateError) -> FetchURL {
        if location.hasPrefix("/") && !location.hasPrefix("//") {
            let portPart = (self.scheme == "https" && self.port == 443) || (self.scheme == "http" && self.port == 80) ? "" : ":\(self.port)"
            return try FetchURL("\(self.scheme)://\(self.host)\(portPart)\(location)", allowInsecureHTTP: allowInsecureHTTP)
        }
        return try FetchURL(location, allowInsecureHTTP: allowInsecureHTTP)
    }

    /// A DNS name or IPv4 literal (ASCII letters, digits, `.`, `-`), or a bracketed IPv6 literal.
    private static func isPlainHost(_ host: String) -> Bool {
        guard !host.isEmpty else { return false }
        if host.hasPrefix("[") {
            return host.count > 2 && host.hasSuffix("]") && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
    }
}
