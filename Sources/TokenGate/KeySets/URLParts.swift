#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An absolute URL parsed by Foundation's `URLComponents` (RFC 3986), reduced to the parts the
/// key-set and fetch rules look at.
///
/// Used to keep secrets out of names (``redacted``) and to decide where plain http is allowed
/// (``isLoopback``). The HTTP fetcher checks its URLs on the same parsed result.
package struct URLParts: Sendable, Equatable {
    /// The scheme, lowercased.
    package let scheme: String
    /// The user information before `@` (percent-encoded as written), when present.
    package let userInfo: String?
    /// The host, lowercased and percent-encoded as written; IPv6 literals keep their brackets.
    package let host: String
    /// The port, when the URL names one.
    package let port: Int?
    /// The path, percent-encoded as written (possibly empty).
    package let path: String

    /// Parses `text`, or returns `nil` when it is not an absolute URL with a host.
    package init?(_ text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme, !scheme.isEmpty,
            let host = components.encodedHost, !host.isEmpty
        else { return nil }
        self.scheme = scheme.lowercased()
        switch (components.percentEncodedUser, components.percentEncodedPassword) {
        case (nil, nil): self.userInfo = nil
        case (let user, nil): self.userInfo = user
        case (let user, let password?): self.userInfo = (user ?? "") + ":" + password
        }
        self.host = host.lowercased()
        self.port = components.port
        self.path = components.percentEncodedPath
    }

    /// `scheme://host[:port]path`: the URL without user information, query and fragment, the
    /// places where URLs carry credentials.
    package var redacted: String {
        let port = self.port.map { ":\($0)" } ?? ""
        return "\(self.scheme)://\(self.host)\(port)\(self.path)"
    }

    /// Whether the host is this machine (see ``isLoopbackHost(_:)``).
    package var isLoopback: Bool { Self.isLoopbackHost(self.host) }

    /// Whether a discovery document may send clients here: https, or plain http on loopback,
    /// and no user information. The one rule for every URL a discovery document names.
    package var isDiscoverableEndpoint: Bool {
        self.userInfo == nil && (self.scheme == "https" || (self.scheme == "http" && self.isLoopback))
    }

    /// Whether the host is a DNS name or IPv4 literal (ASCII letters, digits, `.`, `-`), or a
    /// bracketed IPv6 literal: no percent-encoding, nothing a resolver could read differently.
    package var isPlainHost: Bool {
        if self.host.hasPrefix("[") {
            return self.host.count > 2 && self.host.hasSuffix("]")
                && self.host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return self.host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
    }

    /// Whether `host` (as `URLComponents` gives it) is this machine: the name `localhost`, an
    /// IPv4 dotted quad of four decimal numbers (no leading zeros) in 127.0.0.0/8, or `[::1]`.
    /// A host name that merely starts like an address (`127.example.com`) is not.
    package static func isLoopbackHost(_ host: some StringProtocol) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "[::1]" { return true }
        let numbers = host.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 4 else { return false }
        var octets: [Int] = []
        for number in numbers {
            guard (1...3).contains(number.count), number.allSatisfy({ $0.isASCII && $0.isNumber }),
                number.count == 1 || number.first != "0", let octet = Int(number), octet <= 255
            else { return false }
            octets.append(octet)
        }
        return octets[0] == 127
    }
}
