import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TokenGate

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One bounded request/response with the caller's `HTTPClient`: the URL policy of key fetches
/// (https unless loopback), one deadline for the head and the whole body, a cap on the answer,
/// no redirects (one the client followed on its own is refused too; see ``SingleUseBody``).
struct HTTPExchange: Sendable {
    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]

        /// The body decoded as `type` with `JSONDecoder` (the body is already within the cap).
        /// - Parameter what: Names the document in the error.
        /// - Throws: ``TokenClientError`` `.invalidResponse` for a body that is not JSON or
        ///   not of the expected shape.
        func decode<Value: Decodable>(_ type: Value.Type, what: String) throws(TokenClientError) -> Value {
            do {
                return try JSONDecoder().decode(type, from: Data(self.body))
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                throw TokenClientError(
                    .invalidResponse,
                    status: self.status,
                    serverDescription: "the \(what) is not JSON",
                    underlying: DecodingError.dataCorrupted(context)
                )
            } catch {
                throw TokenClientError(
                    .invalidResponse,
                    status: self.status,
                    serverDescription: "the \(what) is not of the expected shape\(Self.place(error))",
                    underlying: error
                )
            }
        }

        /// ` at <member path>` for a decoding error, for the error's description.
        private static func place(_ error: any Error) -> String {
            let path: [any CodingKey]
            switch error as? DecodingError {
            case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?: path = context.codingPath
            case .keyNotFound(let key, let context)?: path = context.codingPath + [key]
            default: path = []
            }
            return path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }

        /// What came back instead of an OAuth error: `an empty answer`, or `not an OAuth error
        /// answer (<media type>, <n> bytes)`.
        var shapeDescription: String {
            guard !self.body.isEmpty else { return "an empty answer" }
            let type = Self.printable(self.headers.first(name: "Content-Type") ?? "no Content-Type", limit: 48)
            return "not an OAuth error answer (\(type), \(self.body.count) bytes)"
        }

        /// The `Retry-After` seconds, when present and numeric.
        var retryAfter: Duration? {
            self.headers.first(name: "Retry-After").flatMap { Int64($0) }.map { .seconds($0) }
        }

        /// The error an unsuccessful answer stands for, with the server's `error` and
        /// `error_description` (App ID also uses `error_code`). An answer that is not such JSON
        /// (empty, HTML, plain text, JSON of another shape) keeps the status's code, and its
        /// description says what came back (the media type, cut, and the size; never the body).
        func failure(unauthorized: TokenClientError.Code = .unauthorized) -> TokenClientError {
            let members = try? JSONDecoder().decode(ServerErrorBody.self, from: Data(self.body))
            let serverError = members?.error ?? members?.errorCode
            let description = members?.errorDescription ?? members?.message ?? (serverError == nil ? self.shapeDescription : nil)
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
                serverError: serverError.map { Self.printable($0, limit: 64) },
                serverDescription: description.map { Self.printable($0, limit: 512) },
                retryAfter: code == .rateLimited ? self.retryAfter : nil
            )
        }

        /// The server's words as they may reach a log line: control characters (C0, DEL, C1:
        /// they could forge lines or colour a terminal), line and paragraph separators, and
        /// format characters (bidi overrides and zero-width marks could disguise the text)
        /// become spaces, and at most `limit` scalars are kept.
        static func printable(_ text: String, limit: Int) -> String {
            let scalars = text.unicodeScalars.prefix(limit).map { scalar -> Unicode.Scalar in
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator: " "
                default: scalar
                }
            }
            return String(String.UnicodeScalarView(scalars))
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
        request.body = SingleUseBody.body(body ?? [])
        // One deadline for the head and the whole body (AsyncHTTPClient's own ends with the head).
        let deadline = FetchDeadline(after: self.deadline)
        let outgoing = request
        do {
            return try await deadline.run { try await self.exchange(outgoing, deadline: deadline.nioDeadline) }
        } catch let error as TokenClientError {
            throw error
        } catch is NIOTooManyBytesError {
            throw TokenClientError(.invalidResponse, serverDescription: "answer larger than the cap")
        } catch let error as HTTPClientError where error == .redirectLimitReached || error == .redirectCycleDetected {
            throw TokenClientError(.invalidResponse, serverDescription: "redirected")
        } catch {
            throw TokenClientError(.network, underlying: error)
        }
    }

    private func exchange(_ request: HTTPClientRequest, deadline: NIODeadline) async throws -> Reply {
        let response = try await self.client.execute(request, deadline: deadline)
        guard response.history.count <= 1 else {
            throw TokenClientError(.invalidResponse, status: Int(response.status.code), serverDescription: "redirected")
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > self.maximumBodySize {
            throw TokenClientError(.invalidResponse, status: Int(response.status.code), serverDescription: "answer larger than the cap")
        }
        let bytes = try await response.body.collect(upTo: self.maximumBodySize)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }
}
