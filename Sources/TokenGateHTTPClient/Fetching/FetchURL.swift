import TokenGate

/// An absolute http(s) URL, checked before any request is made.
struct FetchURL: Equatable {
    let text: String
    let scheme: String
    let host: String
    let port: Int
    let path: String

    var origin: String { "\(self.scheme)://\(self.host):\(self.port)" }

    /// Parses and checks `text`: http or https only, a host, no user info; plain http only for
    /// loopback hosts unless `allowInsecureHTTP`.
    init(_ text: String, allowInsecureHTTP: Bool) throws(TokenGateError) {
        func refuse(_ reason: String) -> TokenGateError { TokenGateError(.fetchInsecureURL, detail: reason) }
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { throw refuse("not an absolute URL") }
        let scheme = text[..<colon].lowercased()
        guard scheme == "https" || scheme == "http" else { throw refuse("scheme not http(s)") }
        let rest = text[text.index(colon, offsetBy: 3)...]
        let authorityEnd: Substring.Index = rest.firstIndex { (character: Character) -> Bool in
            character == "/" || character == "?" || character == "#"
        } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("@") else { throw refuse("no host, or user info in the URL") }
        var host: Substring
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw refuse("bad IPv6 literal") }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { port = Int(after.dropFirst()) ?? -1 } else if !after.isEmpty { throw refuse("bad authority") }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = Int(authority[authority.index(after: colon)...]) ?? -1
        } else {
            host = authority
        }
        guard !host.isEmpty, port.map({ (1...65535).contains($0) }) ?? true else { throw refuse("bad host or port") }
        let lowered = host.lowercased()
        let loopback = lowered == "localhost" || lowered.hasPrefix("127.") || lowered == "[::1]"
        guard scheme == "https" || loopback || allowInsecureHTTP else { throw refuse("plain http to a non-loopback host") }
        self.text = text
        self.scheme = scheme
        self.host = lowered
        self.port = port ?? (scheme == "https" ? 443 : 80)
        let pathPart = rest[authorityEnd...]
        self.path = pathPart.isEmpty ? "/" : String(pathPart)
    }

    /// Resolves a `Location` header: absolute, or an absolute path on this origin.
    func resolving(_ location: String, allowInsecureHTTP: Bool) throws(TokenGateError) -> FetchURL {
        if location.hasPrefix("/") && !location.hasPrefix("//") {
            let portPart = (self.scheme == "https" && self.port == 443) || (self.scheme == "http" && self.port == 80) ? "" : ":\(self.port)"
            return try FetchURL("\(self.scheme)://\(self.host)\(portPart)\(location)", allowInsecureHTTP: allowInsecureHTTP)
        }
        return try FetchURL(location, allowInsecureHTTP: allowInsecureHTTP)
    }
}
