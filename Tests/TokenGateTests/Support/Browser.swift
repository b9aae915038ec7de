#if Hummingbird
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// A cookie-keeping HTTP client that follows nothing by itself: each test step sees the
/// redirect it got, as a browser's network log would.
final class Browser: Sendable {
    struct Page: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: String
        var location: String? { self.headers.first(name: "Location") }

        /// The `value` of every `<input name="…" value="…">` (HTML entities decoded).
        var formFields: [String: String] {
            var fields: [String: String] = [:]
            let pattern = try! NSRegularExpression(pattern: #"<input[^>]*name="([^"]+)"[^>]*value="([^"]*)""#)
            let range = NSRange(self.body.startIndex..., in: self.body)
            for match in pattern.matches(in: self.body, range: range) {
                let name = String(self.body[Range(match.range(at: 1), in: self.body)!])
                let value = String(self.body[Range(match.range(at: 2), in: self.body)!])
                fields[name] = Browser.decodeEntities(value)
            }
            return fields
        }
    }

    private struct Cookie: Sendable {
        let name: String
        let value: String
        let path: String
    }

    private let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(2), read: .seconds(60)))
    )
    private let jar = Mutex<[String: Cookie]>([:])

    func shutdown() async throws {
        try await self.client.shutdown()
    }

    /// The cookie's value, if the browser holds it.
    func cookie(_ name: String) -> String? { self.jar.withLock { $0[name]?.value } }

    /// Replaces the browser's cookies (to replay an old session).
    func setCookie(_ name: String, _ value: String, path: String = "/") {
        self.jar.withLock { $0[name] = Cookie(name: name, value: value, path: path) }
    }

    func get(_ url: String) async throws -> Page {
        try await self.send(.GET, url)
    }

    func post(_ url: String, form: [(String, String)]) async throws -> Page {
        let body = form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await self.send(.POST, url, body: Array(body.utf8), contentType: "application/x-www-form-urlencoded")
    }

    func send(_ method: HTTPMethod, _ url: String, body: [UInt8]? = nil, contentType: String? = nil) async throws -> Page {
        var request = HTTPClientRequest(url: url)
        request.method = method
        let path = URL(string: url)?.path ?? "/"
        let cookies = self.jar.withLock { jar in jar.values.filter { path.hasPrefix($0.path) }.map { "\($0.name)=\($0.value)" } }
        if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies.joined(separator: "; ")) }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await self.client.execute(request, timeout: .seconds(60))
        for header in response.headers[canonicalForm: "Set-Cookie"] { self.store(String(header)) }
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Page(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }

    private func store(_ header: String) {
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first, let equals = first.firstIndex(of: "=") else { return }
        let name = String(first[..<equals])
        let value = String(first[first.index(after: equals)...])
        var path = "/"
        var expired = value.isEmpty
        for attribute in parts.dropFirst() {
            let lowered = attribute.lowercased()
            if lowered.hasPrefix("path=") { path = String(attribute.dropFirst(5)) }
            if lowered == "max-age=0" { expired = true }
            if lowered.hasPrefix("expires="), let date = Browser.httpDate(String(attribute.dropFirst(8))), date < Date() { expired = true }
        }
        self.jar.withLock { jar in
            if expired { jar[name] = nil } else { jar[name] = Cookie(name: name, value: value, path: path) }
        }
    }

    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }

    static func decodeEntities(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#x2F;", with: "/").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The query parameters of a URL.
    static func query(_ url: String) -> [String: String] {
        var result: [String: String] = [:]
        for item in URLComponents(string: url)?.queryItems ?? [] { result[item.name] = item.value ?? "" }
        return result
    }
}
#endif
