import TokenGate

/// Reads the JSON body of a management call into one of the request types beside it, with
/// `JSONDecoder` (see ``JSONDocument``). The caller has checked the admin token, so a repeated
/// member name (which `JSONDecoder` does not refuse) comes from the administrator.
enum ManagementBody {
    /// Decodes `bytes` (an empty body reads as `{}`).
    /// - Throws: ``LocalIssuerError`` `.invalidRequest` naming the member at fault.
    static func decode<Body: Decodable>(_ type: Body.Type, from bytes: [UInt8]) throws(LocalIssuerError) -> Body {
        do {
            return try JSONDocument.decode(Body.self, from: bytes.isEmpty ? Array("{}".utf8) : bytes)
        } catch {
            let description = error.description
            if description.hasPrefix("is ") { throw LocalIssuerError(.invalidRequest, "the body \(description)") }
            throw LocalIssuerError(.invalidRequest, "in the body, \(description)")
        }
    }

    /// `value`, or `name is required` when it is absent or `null`.
    static func required(_ value: String?, _ name: String) throws(LocalIssuerError) -> String {
        guard let value else { throw LocalIssuerError(.invalidRequest, "\(name) is required") }
        return value
    }
}
