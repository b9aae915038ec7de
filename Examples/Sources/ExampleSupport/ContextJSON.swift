public import TokenGate

/// What `/api/protected` answers: the request's authorization as JSON.
public enum ContextJSON {
    /// `{"issuer", "keyId", "scopes", "subject", "tenant", "accessToken": {claims}, "identityToken": {claims} | null}`.
    public static func render(_ context: AuthorizationContext) -> [UInt8] {
        let object: [String: JSONValue] = [
            "issuer": .string(context.issuer),
            "keyId": context.keyID.map(JSONValue.string) ?? .null,
            "scopes": .array(context.accessTokenPayload.scopes.map(JSONValue.string)),
            "subject": context.subject.map(JSONValue.string) ?? .null,
            "tenant": context.tenant.map(JSONValue.string) ?? .null,
            "accessToken": .object(context.accessToken.claims.members),
            "identityToken": context.identityToken.map { .object($0.claims.members) } ?? .null,
        ]
        return JSONValue.object(object).serializedBytes
    }

    /// `{"message": …}`.
    public static func message(_ text: String, subject: String? = nil) -> [UInt8] {
        var object: [String: JSONValue] = ["message": .string(text)]
        if let subject { object["subject"] = .string(subject) }
        return JSONValue.object(object).serializedBytes
    }
}
