public import TokenGate

/// What `/api/protected` answers: the request's authorization as JSON.
public enum ContextJSON {
    /// `{"issuer", "keyId", "scopes", "subject", "tenant", "accessToken": {claims}, "identityToken": {claims} | null}`.
    ///
    /// Written straight into one buffer: this runs on every request. The tokens' claims are
    /// their payloads as signed (already strict JSON), copied rather than re-serialized.
    public static func render(_ context: AuthorizationContext) -> [UInt8] {
        let identity = context.identityToken
        var output: [UInt8] = []
        // The payloads are at most 3/4 of the tokens' text; the rest is small.
        output.reserveCapacity(256 + context.accessToken.raw.utf8.count * 3 / 4 + (identity?.raw.utf8.count ?? 0) * 3 / 4)
        output.append(contentsOf: #"{"issuer":"#.utf8)
        JSONValue.string(context.issuer).write(to: &output)
        output.append(contentsOf: #","keyId":"#.utf8)
        (context.keyID.map(JSONValue.string) ?? .null).write(to: &output)
        output.append(contentsOf: #","scopes":["#.utf8)
        for (offset, scope) in context.accessTokenPayload.scopes.enumerated() {
            if offset > 0 { output.append(UInt8(ascii: ",")) }
            JSONValue.string(scope).write(to: &output)
        }
        output.append(contentsOf: #"],"subject":"#.utf8)
        (context.subject.map(JSONValue.string) ?? .null).write(to: &output)
        output.append(contentsOf: #","tenant":"#.utf8)
        (context.tenant.map(JSONValue.string) ?? .null).write(to: &output)
        output.append(contentsOf: #","accessToken":"#.utf8)
        context.accessToken.appendPayloadJSON(to: &output)
        output.append(contentsOf: #","identityToken":"#.utf8)
        if let identity {
            identity.appendPayloadJSON(to: &output)
        } else {
            output.append(contentsOf: "null".utf8)
        }
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
