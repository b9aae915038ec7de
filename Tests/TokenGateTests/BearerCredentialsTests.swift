import Testing
@testable import TokenGate

@Suite("Authorization: Bearer <access> [<identity>] (SPEC §1)")
struct BearerCredentialsTests {
    private func parse(_ field: String?) throws(TokenGateError) -> BearerCredentials? {
        try BearerCredentials.parse(authorizationField: field.map { Substring($0) })
    }

    @Test("One or two token68 values; the scheme in any case")
    func accepted() throws {
        #expect(try parse("Bearer abc.def-ghi_~+/==") == BearerCredentials(accessToken: "abc.def-ghi_~+/=="))
        #expect(try parse("bearer a.b.c") == BearerCredentials(accessToken: "a.b.c"))
        #expect(try parse("BEARER a.b.c x.y.z") == BearerCredentials(accessToken: "a.b.c", identityToken: "x.y.z"))
        #expect(try parse("Bearer   a.b.c") == BearerCredentials(accessToken: "a.b.c"))  // 1*SP after the scheme
        #expect(try parse(" \tBearer a.b.c \t") == BearerCredentials(accessToken: "a.b.c"))  // OWS around the value
    }

    @Test("No header, or another scheme: no credentials", arguments: [nil, "", "Basic dXNlcjpwYXNz", "Bearerabc", "Bear abc", "DPoP a.b.c"])
    func noCredentials(field: String?) throws {
        #expect(try parse(field) == nil)
    }

    @Test("Malformed Bearer credentials are a 400 invalid_request", arguments: [
        "Bearer", "Bearer ", "Bearer a b c", "Bearer a  b", "Bearer a,b", "Bearer a=b", "Bearer =", "Bearer\tabc",
        "Bearer a\"b", "Bearer ab\u{e9}", "Bearer a\u{0}b", "Bearer a;b", "Bearer a b c d",
    ])
    func malformed(field: String) {
        #expect(throws: TokenGateError(.malformedAuthorization)) { try parse(field) }
        #expect(TokenGateError.Code.malformedAuthorization.oauthError == "invalid_request")
    }

    @Test("Values over the size limit are refused before any parsing")
    func oversized() {
        let huge = "Bearer " + String(repeating: "a", count: 16 * 1024)
        #expect(throws: TokenGateError(.malformedAuthorization)) { try parse(huge) }
        #expect(throws: Never.self) { try BearerCredentials.parse(authorizationField: Substring(huge), maximumLength: 32 * 1024) }
    }
}

@Suite("WWW-Authenticate challenges (SPEC §4)")
struct BearerChallengeTests {
    @Test("Each response row has its exact header")
    func rows() {
        let scopes = ["appid_default", "read"]
        #expect(BearerChallenge(realm: "AppID", scopes: scopes).headerValue == #"Bearer realm="AppID", scope="appid_default read""#)
        let malformed = TokenGateError.Code.malformedAuthorization
        #expect(
            BearerChallenge(realm: "AppID", error: malformed.oauthError, errorDescription: malformed.publicDescription).headerValue
                == #"Bearer realm="AppID", error="invalid_request", error_description="malformed authorization header""#
        )
        let expired = TokenGateError.Code.expired
        #expect(
            BearerChallenge(realm: "AppID", scopes: scopes, error: expired.oauthError, errorDescription: expired.publicDescription).headerValue
                == #"Bearer realm="AppID", scope="appid_default read", error="invalid_token", error_description="token expired""#
        )
        #expect(
            BearerChallenge(realm: "AppID", scopes: scopes, error: "insufficient_scope").headerValue
                == #"Bearer realm="AppID", scope="appid_default read", error="insufficient_scope""#
        )
    }

    @Test("Quoted-string values are escaped and cannot break the header")
    func escaping() {
        #expect(BearerChallenge.quoted(#"a"b\c"#) == #""a\"b\\c""#)
        #expect(BearerChallenge.quoted("line\r\nInjected: yes") == #""line??Injected: yes""#)
        #expect(BearerChallenge.quoted("caf\u{e9}\tx") == "\"caf?\tx\"")
        #expect(BearerChallenge(realm: "my \"realm\"").headerValue == #"Bearer realm="my \"realm\"""#)
    }

    @Test("Every failure's description is short, fixed, and safe in a quoted-string")
    func descriptionsAreSafe() {
        let codes: [TokenGateError.Code] = [
            .tokenTooLarge, .malformedToken, .encryptedToken, .malformedHeader, .disallowedAlgorithm, .unsupportedCriticalHeader,
            .unencodedPayload, .unknownKey, .keyAlgorithmMismatch, .invalidSignature, .malformedClaims, .missingClaim,
            .invalidIssuer, .invalidAudience, .invalidTenant, .expired, .notYetValid, .issuedInFuture, .disallowedType,
            .validationFailed, .keysUnavailable, .malformedAuthorization,
        ]
        for code in codes {
            let text = code.publicDescription
            #expect(!text.isEmpty && text.count <= 40)
            #expect(BearerChallenge.quoted(text) == "\"" + text + "\"")
        }
    }
}
