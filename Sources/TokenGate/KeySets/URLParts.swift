#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An absolute URL split into the parts key-set rules look at (RFC 3986's generic syntax,
/// `scheme://[userinfo@]host[:port]path[?query][#fragment]`), without decoding anything.
///
/// Used to keep secrets out of names (``redacted``) and to decide where plain http is allowed
/// (``isLoopback``). The HTTP fetcher parses URLs with Foundation and asks
/// ``isLoopbackHost(_:)`` the same question.
package struct URLParts: Sendable, Equatable {
    /// The scheme, lowercased.
    package let scheme: String
    /// The user information before `@`, when present.
    package let userInfo: Substring?
    /// The host as written (IPv6 literals keep their brackets).
    package let host: Substring
    /// The port digits, when present.
    package let port: Substring?
    /// The path (possibly empty).
    package let path: Substring

    /// Splits `text`, or returns `nil` when it is not `scheme://authority…`.
    package init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return nil }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        let rest = text[text.index(colon, offsetBy: 3)...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            self.userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
        } else {
            self.userInfo = nil
        }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            self.host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if after.isEmpty {
                self.port = nil
            } else if after.hasPrefix(":") {
                self.port = after.dropFirst()
            } else {
                return nil
            }
        } else if let portColon = authority.lastIndex(of: ":") {
            self.host = authority[..<portColon]
            self.port = authority[authority.index(after: portColon)...]
        } else {
            self.host = authority
            self.port = nil
        }
        let afterAuthority = rest[authorityEnd...]
        let pathEnd = afterAuthority.firstIndex { $0 == "?" || $0 == "#" } ?? afterAuthority.endIndex
        self.scheme = scheme.lowercased()
        self.path = afterAuthority[..<pathEnd]
    }

    /// `scheme://host[:port]path`: the URL without user information, query and fragment, the
    /// places where URLs carry credentials.
    package var redacted: String {
        let port = self.port.map { ":" + $0 } ?? ""
        return "\(self.scheme)://\(self.host)\(port)\(self.path)"
    }

    /// Whether the host is this machine (see ``isLoopbackHost(_:)``).
    package var isLoopback: Bool { Self.isLoopbackHost(self.host) }

    /// Whether `host` is this machine: an IPv4 address in 127.0.0.0/8 or the IPv6 address `::1`,
    /// each parsed as an address literal (brackets around IPv6 allowed), or the name `localhost`.
    /// A host name that merely starts like an address (`127.example.com`) is not.
    package static func isLoopbackHost(_ host: some StringProtocol) -> Bool {
        let text = String(host)
        if text.lowercased() == "localhost" { return true }
        if text.hasPrefix("[") && text.hasSuffix("]") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, String(text.dropFirst().dropLast()), &address) == 1 else { return false }
            return withUnsafeBytes(of: &address) { bytes in bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1 }
        }
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return false }
        return withUnsafeBytes(of: &address) { $0[0] == 127 }
    }
}
