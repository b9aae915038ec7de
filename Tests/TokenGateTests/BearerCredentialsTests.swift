import Testing

@testable import TokenGate

@Suite("Authorization: Bearer <access> [<identity>] (docs/behaviour.md)")
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

    @Test(
        "Malformed Bearer credentials are a 400 invalid_request",
        arguments: [
            "Bearer", "Bearer ", "Bearer a b c", "Bearer a  b", "Bearer a,b", "Bearer a=b", "Bearer =", "Bearer\tabc",
            "Bearer a\"b", "Bearer ab\u{e9}", "Bearer a\u{0}b", "Bearer a;b", "Bearer a b c d",
        ]
    )
    func malformed(field: String) {
        #expect(throws: TokenGateError(.malformedAuthorization)) { try parse(field) }
    }

    @Test("A malformed header is answered as invalid_request")
    func malformedIsInvalidRequest() {
        #expect(TokenGateError.Code.malformedAuthorization.oauthError == "invalid_request")
    }

    /// The grammar written the obvious way, to check the fast parser against.
    private static func reference(_ field: String) -> BearerCredentials?? {
        var value = Substring(field)
        while value.first == " " || value.first == "\t" { value = value.dropFirst() }
        while value.last == " " || value.last == "\t" { value = value.dropLast() }
        guard value.count >= 6, value.prefix(6).lowercased() == "bearer" else { return .some(nil) }
        var rest = value.dropFirst(6)
        guard let separator = rest.first else { return nil }  // "Bearer": malformed
        if separator == "\t" { return nil }
        guard separator == " " else { return .some(nil) }  // another scheme
        while rest.first == " " { rest = rest.dropFirst() }
        let tokens = rest.split(separator: " ", omittingEmptySubsequences: false)
        guard (1...2).contains(tokens.count) else { return nil }
        for token in tokens {
            let body = token.reversed().drop { $0 == "=" }
            guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._~+/".contains($0)) }) else { return nil }
        }
        return .some(BearerCredentials(accessToken: String(tokens[0]), identityToken: tokens.count == 2 ? String(tokens[1]) : nil))
    }

    @Test(
        "The fast parser agrees with the grammar, with the characters checked in the parse or afterwards: every byte in every position, and 20 000 seeded random headers"
    )
    func differential() {
        var inputs: [String] = []
        for byte in UInt8(1)...UInt8(127) {
            let character = String(UnicodeScalar(byte))
            inputs += [
                "Bearer " + character, "Bearer a" + character, "Bearer " + character + "a", "Bearer ab" + character + "cd", "Bearer a.b " + character,
            ]
        }
        var generator = SeededGenerator(seed: 0x5EED)
        let alphabet = Array("aZ09-._~+/= \t,;\"é".unicodeScalars)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...12, using: &generator)
            var text = ["Bearer ", "bearer  ", "BEARER", " Bearer ", "Bearer\t"].randomElement(using: &generator)!
            for _ in 0..<length { text.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            inputs.append(text)
        }
        for input in inputs {
            let expected = Self.reference(input)
            let actual: BearerCredentials??
            do {
                actual = .some(try BearerCredentials.parse(authorizationField: Substring(input)))
            } catch {
                actual = .none
            }
            #expect(actual == expected, "\(input.debugDescription): parser \(String(describing: actual)), grammar \(String(describing: expected))")
        }
    }

    @Test("Values over the size limit are refused before any parsing")
    func oversized() {
        let huge = "Bearer " + String(repeating: "a", count: 16 * 1024)
        #expect(throws: TokenGateError(.malformedAuthorization)) { try parse(huge) }
        #expect(throws: Never.self) { try BearerCredentials.parse(authorizationField: Substring(huge), maximumLength: 32 * 1024) }
    }
}

@Suite("WWW-Authenticate challenges (docs/behaviour.md)")
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

/// A small deterministic generator (SplitMix64), so random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
