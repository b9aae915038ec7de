#if Hummingbird
import HTTPTypes
import Hummingbird
import TokenGate

/// The issuer's HTTP answers: compact JSON, `Cache-Control: no-store` on everything that
/// carries a token or an error (RFC 6749 §5.1), and RFC 6749 §5.2 error bodies.
enum IssuerResponse {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, cacheable: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: "application/json;charset=UTF-8"]
        if cacheable {
            headers[.cacheControl] = "public, max-age=300"
        } else {
            headers[.cacheControl] = "no-store"
            headers[HTTPField.Name("Pragma")!] = "no-cache"
        }
        let body = value.serializedBytes
        headers[.contentLength] = String(body.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func noContent() -> Response {
        Response(status: .noContent, headers: [.cacheControl: "no-store"])
    }

    /// `{"error": …, "error_description": …}` with the code's status; `invalid_client` carries a
    /// `Basic` challenge, a refused management or UserInfo call a `Bearer` one, a lockout
    /// `Retry-After`.
    static func error(_ error: LocalIssuerError, bearerRealm: String? = nil) -> Response {
        var response = Self.json(
            ["error": .string(error.code.oauthError), "error_description": .string(error.message)],
            status: HTTPResponse.Status(code: error.code.status)
        )
        if error.code == .invalidClient {
            response.headers[.wwwAuthenticate] = #"Basic realm="appid""#
        } else if error.code == .unauthorized, let bearerRealm {
            response.headers[.wwwAuthenticate] = BearerChallenge(realm: bearerRealm, error: "invalid_token").headerValue
        }
        if let retryAfter = error.retryAfterSeconds {
            response.headers[.retryAfter] = String(retryAfter)
        }
        return response
    }
}
#endif
