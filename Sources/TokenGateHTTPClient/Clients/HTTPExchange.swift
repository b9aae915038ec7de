import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TokenGate

/// One bounded request/response with the fetcher's `HTTPClient`: the URL policy of key fetches
/// (https unless loopback), one deadline for the head and the whole body, a cap on the answer,
/// no redirects.
struct HTTPExchange: Sendable {
    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]

        /// The body as a JSON object, when it is one.
        var object: [String: JSONValue]? {
            (try? JSONParser.parse(self.body, maximumDepth: 16))?.objectValue
        }

        /// The `Retry-After` seconds, when present and numeric.
        var retryAfter: Duration? {
            self.headers.first(name: "Retry-After").flatMap { Int64($0) }.map { .seconds($0) }
        }

        /// The error an unsuccessful answer stands for, with the server's `error` and
        /// `error_description` (App ID also uses `error_code`).
        func failure(unauthorized: TokenClientError.Code = .unauthorized) -> TokenClientError {
            let object = self.object
            let serverError = object?["error"]?.stringValue ?? object?["error_code"]?.stringValue
            let description = object?["error_description"]?.stringValue ?? object?["message"]?.stringValue
            let code: TokenClientError.Code
            switch (self.status, serverError) {
            case (_, "invalid_client"?): code = .invalidClient
            case (_, "invalid_grant"?): code = .invalidGrant
            case (_, "invalid_scope"?): code = .invalidScope
            case (429, _): code = .rateLimited
            case (401, _), (403, _): code = unauthorized
            case (404, _): code = .notFound
            case (400..<500, _): code = .invalidRequest
            case (500..<600, _): code = .serverError
            default: code = .invalidResponse
            }
            return TokenClientError(
                code,
                status: self.status,
                serverError: serverError,
                serverDescription: description.map { String($0.prefix(512)) },
                retryAfter: code == .rateLimited ? self.retryAfter : nil
            )
        }
    }

    let client: HTTPClient
    let deadline: Duration
    let maximumBodySize: Int
    let allowInsecureHTTP: Bool

    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)], body: [UInt8]? = nil) async throws(TokenClientError) -> Reply {
        do {
            _ = try FetchURL(url, allowInsecureHTTP: self.allowInsecureHTTP)
        } catch {
            throw TokenClientError(.insecureURL, tokenError: error)
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "TokenGate")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        // One deadline for the head and the whole body (AsyncHTTPClient's own ends with the head).
        let deadline = FetchDeadline(after: self.deadline)
        let outgoing = request
        do {
            return try await deadline.run { try await self.exchange(outgoing, deadline: deadline.nioDeadline) }
        } catch let error as TokenClientError {
            throw error
        } catch is NIOTooManyBytesError {
            throw TokenClientError(.invalidResponse, serverDescription: "answer larger than the cap")
        } catch {
            throw TokenClientError(.network, underlying: error)
        }
    }

    private func exchange(_ request: HTTPClientRequest, deadline: NIODeadline) async throws -> Reply {
        let response = try await self.client.execute(request, deadline: deadline)
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > self.maximumBodySize {
            throw TokenClientError(.invalidResponse, status: Int(response.status.code), serverDescription: "answer larger than the cap")
        }
        let bytes = try await response.body.collect(upTo: self.maximumBodySize)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }
}
