public import TokenGate

/// What `/api/protected` answers: the request's authorization as JSON.
public enum ContextJSON {
    /// `{"subject", "issuer", "tenant", "keyId", "scopes", "accessToken": {claims}, "identityToken": {claims} | null}`.
    ///
    /// The tokens' claims are their payloads as signed (already strict JSON), copied rather than
    /// re-serialized: this runs on every request.
    public static func render(_ context: AuthorizationContext) -> [UInt8] {
        let facts: JSONValue = [
            "subject": context.subject.map(JSONValue.string) ?? .null,
            "issuer": .string(context.issuer),
            "tenant": context.tenant.map(JSONValue.string) ?? .null,
            "keyId": context.keyID.map(JSONValue.string) ?? .null,
            "scopes": .array(context.accessTokenPayload.scopes.map(JSONValue.string)),
        ]
        var output = facts.serializedBytes
        output.removeLast()  // "}"
        output += Array(#","accessToken":"#.utf8) + context.accessToken.payloadJSON
        output += Array(#","identityToken":"#.utf8) + (context.identityToken?.payloadJSON ?? Array("null".utf8))
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// `{"message": …}`.
    public static func message(_ text: String, subject: String? = nil) -> [UInt8] {
        var object: [String: JSONValue] = ["message": .string(text)]
        if let subject { object["subject"] = .string(subject) }
        return JSONValue.object(object).serializedBytes
    }
}
