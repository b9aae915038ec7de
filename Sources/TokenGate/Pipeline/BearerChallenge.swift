/// A `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3), with every value written as a
/// properly escaped quoted-string.
///
/// ```swift
/// var challenge = BearerChallenge(realm: "AppID", scopes: ["appid_default", "read"])
/// challenge.error = TokenGateError.Code.expired.oauthError
/// challenge.errorDescription = TokenGateError.Code.expired.publicDescription
/// response.headerFields[.wwwAuthenticate] = challenge.headerValue
/// // Bearer realm="AppID", scope="appid_default read", error="invalid_token", error_description="token expired"
/// ```
public struct BearerChallenge: Sendable, Hashable {
    /// `realm`.
    public var realm: String
    /// `scope`: the scopes the resource requires (omitted when empty).
    public var scopes: [String]
    /// `error` (omitted when `nil`, as for a request without credentials).
    public var error: String?
    /// `error_description` (omitted when `nil`).
    public var errorDescription: String?

    /// Creates a challenge.
    public init(realm: String, scopes: [String] = [], error: String? = nil, errorDescription: String? = nil) {
        self.realm = realm
        self.scopes = scopes
        self.error = error
        self.errorDescription = errorDescription
    }

    /// The header value.
    public var headerValue: String {
        var parameters = ["realm=" + Self.quoted(self.realm)]
        if !self.scopes.isEmpty { parameters.append("scope=" + Self.quoted(self.scopes.joined(separator: " "))) }
        if let error { parameters.append("error=" + Self.quoted(error)) }
        if let errorDescription { parameters.append("error_description=" + Self.quoted(errorDescription)) }
        return "Bearer " + parameters.joined(separator: ", ")
    }

    /// A quoted-string (RFC 9110 §5.6.4): `"` and `\` escaped; control characters and anything
    /// outside visible ASCII, space and tab replaced by `?` so a value can never break the header.
    static func quoted(_ value: String) -> String {
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x22, 0x5C:
                output.append("\\")
                output.unicodeScalars.append(scalar)
            case 0x09, 0x20...0x7E:
                output.unicodeScalars.append(scalar)
            default:
                output.append("?")
            }
        }
        return output + "\""
    }
}
