import TokenGate

/// How a client proved who it is on a token, introspection or revocation request: HTTP Basic
/// (`client_secret_basic`, App ID's way) or `client_id` + `client_secret` in the body
/// (`client_secret_post`). RFC 6749 §2.3: exactly one method per request.
struct ClientAuthentication: Sendable, Equatable {
    let clientID: String
    let secret: String

    /// Reads the client's credentials.
    /// - Parameters:
    ///   - authorization: The `Authorization` header, if any.
    ///   - parameters: The body parameters.
    /// - Throws: `.invalidRequest` for a malformed `Basic` value or for two methods at once,
    ///   `.invalidClient` when there is none.
    static func read(authorization: String?, parameters: [String: String]) throws(LocalIssuerError) -> ClientAuthentication {
        if let authorization {
            let trimmed = authorization.trimmingSpaces
            guard trimmed.count > 6, trimmed.prefix(6).lowercased() == "basic " else {
                throw LocalIssuerError(.invalidClient, "client authentication must use HTTP Basic (or client_id and client_secret in the body)")
            }
            guard parameters["client_secret"] == nil else {
                throw LocalIssuerError(.invalidRequest, "use one client authentication method: Basic or client_secret in the body, not both")
            }
            guard let decoded = Base64.decode(String(trimmed.dropFirst(6)).trimmingSpaces), let text = String(validating: decoded, as: UTF8.self),
                let colon = text.firstIndex(of: ":")
            else {
                throw LocalIssuerError(.invalidRequest, "malformed Basic credentials: expected base64(clientId:secret)")
            }
            // RFC 6749 §2.3.1 form-encodes both parts before base64; App ID's clients do not.
            // Client IDs and secrets here never contain '%' or '+', so decoding is harmless
            // either way.
            let clientID = (try? FormParameters.percentDecoded(ArraySlice(text[..<colon].utf8))) ?? String(text[..<colon])
            let rawSecret = text[text.index(after: colon)...]
            let secret = (try? FormParameters.percentDecoded(ArraySlice(rawSecret.utf8))) ?? String(rawSecret)
            if let bodyClient = parameters["client_id"], bodyClient != clientID {
                throw LocalIssuerError(.invalidRequest, "client_id in the body differs from the Basic credentials")
            }
            guard !clientID.isEmpty, !secret.isEmpty else {
                throw LocalIssuerError(.invalidClient, "client authentication failed")
            }
            return ClientAuthentication(clientID: clientID, secret: secret)
        }
        guard let clientID = parameters["client_id"], let secret = parameters["client_secret"] else {
            throw LocalIssuerError(.invalidClient, "client authentication required: HTTP Basic with the client ID and secret")
        }
        return ClientAuthentication(clientID: clientID, secret: secret)
    }
}
