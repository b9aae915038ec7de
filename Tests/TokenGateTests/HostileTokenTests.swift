import Crypto
import Testing
import TokenGateTesting

@testable import TokenGate

/// Forged, malformed and oversized tokens: each attack is its own case and must be refused
/// with a fixed reason.
@Suite("Hostile tokens")
struct HostileTokenTests {
    private let verifier = Fixtures.verifier()
    private let claims = Fixtures.claimsJSON()

    private func code(_ token: String, verifier: TokenVerifier? = nil, keys: KeySet = Fixtures.keySet) -> TokenGateError.Code? {
        verificationCode(verifier ?? self.verifier, token, keys: keys, now: Fixtures.now)
    }

    private func unsigned(header: String, payload: String, signature: String = "") -> String {
        base64URL(Array(header.utf8)) + "." + base64URL(Array(payload.utf8)) + "." + signature
    }

    @Test("alg none in any casing is refused", arguments: ["none", "None", "NONE", "nOnE"])
    func algNone(name: String) {
        let token = unsigned(header: #"{"alg":"\#(name)","kid":"rsa-1"}"#, payload: claims)
        #expect(code(token) == .disallowedAlgorithm)
        let withSignature = unsigned(header: #"{"alg":"\#(name)","kid":"rsa-1"}"#, payload: claims, signature: "AAAA")
        #expect(code(withSignature) == .disallowedAlgorithm)
    }

    @Test("HS256 signed with the RSA public key as the secret (PEM, DER, JWK JSON) is refused")
    func keyConfusion() throws {
        let key = Fixtures.rs256
        let secrets: [[UInt8]] = [
            Array(try #require(key.publicKeyPEM).utf8),
            try #require(key.publicKeyDER),
            Array(JSONValue.object(key.publicJWK()).serialized.utf8),
        ]
        for secret in secrets {
            let header = base64URL(Array(#"{"alg":"HS256","kid":"rsa-1","typ":"JWT"}"#.utf8))
            let input = header + "." + base64URL(Array(claims.utf8))
            let mac = HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: secret))
            let token = input + "." + base64URL(Array(mac))
            #expect(code(token) == .disallowedAlgorithm)
            // Even with HS256 allowed through a configured secret, the RSA key is never an HMAC key.
            let withSecret = Fixtures.verifier {
                $0.secrets = [try! VerificationKey.hmac(secret: [UInt8](repeating: 1, count: 32), algorithm: .hs256, keyID: "other")]
            }
            #expect(code(token, verifier: withSecret) == .unknownKey)
        }
    }

    @Test("A token whose alg does not fit the key type under its kid is refused")
    func algKtyMismatch() throws {
        // ES256 header pointing at the RSA key; RS256 header pointing at the EC key.
        let es = try Fixtures.es256.with(keyID: "rsa-1").token(claims: Fixtures.claims())
        #expect(code(es) == .keyAlgorithmMismatch)
        let rs = try Fixtures.rs256.with(keyID: "ec-1").token(claims: Fixtures.claims())
        #expect(code(rs) == .keyAlgorithmMismatch)
        let eddsa = try Fixtures.ed25519.with(keyID: "ec-384").token(claims: Fixtures.claims())
        #expect(code(eddsa) == .keyAlgorithmMismatch)
        let es384OnP256 = try Fixtures.es384.with(keyID: "ec-1").token(claims: Fixtures.claims())
        #expect(code(es384OnP256) == .keyAlgorithmMismatch)
    }

    private func withSignature(_ token: String, _ signature: [UInt8]) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        return parts[0] + "." + parts[1] + "." + base64URL(signature)
    }

    @Test("ECDSA r = s = 0, r or s = n, and out-of-range values are refused")
    func ecdsaEdgeValues() throws {
        let token = try Fixtures.es256.token(claims: Fixtures.claims())
        let n: [UInt8] = Vectors.hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
        let zero = [UInt8](repeating: 0, count: 32)
        let one = [UInt8](repeating: 0, count: 31) + [1]
        let max = [UInt8](repeating: 0xFF, count: 32)
        for signature in [zero + zero, n + one, one + n, n + n, max + one, one + max, zero + one, one + zero] {
            #expect(code(withSignature(token, signature)) == .invalidSignature)
        }
    }

    @Test("DER-encoded ECDSA signatures are refused (JWS uses raw r||s)")
    func derSignature() throws {
        let token = try Fixtures.es256.token(claims: Fixtures.claims())
        let raw = try #require(Base64URL.decode(String(token.split(separator: ".")[2])))
        let der = Array(try P256.Signing.ECDSASignature(rawRepresentation: raw).derRepresentation)
        #expect(code(withSignature(token, der)) == .invalidSignature)
    }

    @Test("Signatures of the wrong length are refused", arguments: [0, 1, 63, 65, 128, 255, 257, 512])
    func wrongLength(length: Int) throws {
        for key in [Fixtures.es256, Fixtures.rs256, Fixtures.ed25519] {
            let token = try key.token(claims: Fixtures.claims())
            var signature = try #require(Base64URL.decode(String(token.split(separator: ".")[2])))
            signature = Array((signature + signature + signature).prefix(length))
            let expected: TokenGateError.Code = length == 0 ? .malformedToken : .invalidSignature
            #expect(code(withSignature(token, signature)) == expected)
        }
    }

    @Test("jwk, jku, x5u and x5c headers are ignored: the attacker's embedded key never verifies")
    func embeddedKeyHeaders() throws {
        let attacker = try TestSigningKey.generate(.es256, keyID: "ec-1")
        let header: [String: JSONValue] = [
            "jwk": .object(attacker.publicJWK()),
            "jku": "http://127.0.0.1:1/jwks",
            "x5u": "http://127.0.0.1:1/cert",
            "x5c": ["MIIB"],
        ]
        let forged = try attacker.token(claims: Fixtures.claims(), header: header)
        #expect(code(forged) == .invalidSignature)
        // The same headers on a genuine token change nothing (they are kept, unused).
        let genuine = try Fixtures.es256.token(claims: Fixtures.claims(), header: header)
        let verified = try verifier.verify(genuine, keys: Fixtures.keySet, now: Fixtures.now)
        #expect(verified.header.members["jku"] != nil)
        // With an unknown kid they cannot supply the key either.
        let unknown = try attacker.with(keyID: "attacker").token(claims: Fixtures.claims(), header: header)
        #expect(code(unknown) == .unknownKey)
    }

    @Test("Unknown crit, empty crit, and b64: false are refused")
    func criticalAndUnencoded() throws {
        let key = Fixtures.es256
        #expect(code(try key.token(claims: Fixtures.claims(), header: ["crit": ["exp"], "exp": 1])) == .unsupportedCriticalHeader)
        #expect(code(try key.token(claims: Fixtures.claims(), header: ["crit": ["b64"], "b64": true])) == .unsupportedCriticalHeader)
        #expect(code(try key.token(claims: Fixtures.claims(), header: ["crit": []])) == .malformedHeader)
        #expect(code(try key.token(claims: Fixtures.claims(), header: ["crit": "x"])) == .malformedHeader)
        #expect(code(try key.token(claims: Fixtures.claims(), header: ["b64": false, "crit": ["b64"]])) == .unencodedPayload)
        #expect(code(try key.token(claims: Fixtures.claims(), header: ["b64": false])) == .unencodedPayload)
        #expect(code(try key.token(claims: Fixtures.claims(), header: ["b64": "false"])) == .malformedHeader)
    }

    @Test("Duplicate JSON members in header or payload are refused")
    func duplicateMembers() throws {
        let key = Fixtures.es256
        let duplicateAlg = try key.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1","alg":"none"}"#, payloadJSON: claims)
        #expect(code(duplicateAlg) == .malformedHeader)
        let duplicateKid = try key.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1","kid":"rsa-1"}"#, payloadJSON: claims)
        #expect(code(duplicateKid) == .malformedHeader)
        let payload = String(claims.dropLast()) + #","iss":"https://evil.example"}"#
        let duplicateIss = try key.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1"}"#, payloadJSON: payload)
        #expect(code(duplicateIss) == .malformedClaims)
        // The same names spelled with escapes are the same names.
        let escapedAlg = try key.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1","\u0061lg":"none"}"#, payloadJSON: claims)
        #expect(code(escapedAlg) == .malformedHeader)
        let escapedIss = try key.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1"}"#, payloadJSON: String(claims.dropLast()) + #","\u0069ss":"x"}"#)
        #expect(code(escapedIss) == .malformedClaims)
        // The header and claim readers compare the first sixteen short names by packed key and
        // the rest, and long names, by text: duplicates are refused on every path, and a header
        // or payload with many distinct members still verifies.
        let many = (0..<20).map { #""h\#($0)":\#($0)"# }.joined(separator: ",")
        for duplicate in [#""h3":0"#, #""h19":0"#, #""\u00683":0"#, #""\u006819":0"#] {
            let header = #"{"alg":"ES256","kid":"ec-1",\#(many),\#(duplicate)}"#
            #expect(code(try key.sign(headerJSON: header, payloadJSON: claims)) == .malformedHeader, "\(duplicate)")
        }
        for header in [
            #"{"alg":"ES256","kid":"ec-1","x5t#S256":"a","x5t#S256":"b"}"#,
            #"{"alg":"ES256","kid":"ec-1","x5t#S256":"a","x5t#S25\u0036":"b"}"#,
            #"{"alg":"ES256","kid":"ec-1","":1,"":2}"#,
        ] {
            #expect(code(try key.sign(headerJSON: header, payloadJSON: claims)) == .malformedHeader, "\(header)")
        }
        let wide = try key.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1",\#(many),"x5t#S256":"a"}"#, payloadJSON: claims)
        let verified = try verifier.verify(wide, keys: Fixtures.keySet, now: Fixtures.now)
        #expect(verified.header.members.count == 23 && verified.header["h19"] == 19)
        // The same in the payload: a duplicate among the first sixteen names, past them, spelled
        // with an escape, a long name, and a registered claim repeated after twenty others.
        let header = #"{"alg":"ES256","kid":"ec-1"}"#
        let body = String(claims.dropLast()) + "," + many
        for duplicate in [#""h3":0"#, #""h19":0"#, #""\u006819":0"#, #""iss":"https://evil.example""#, #""exp":1"#] {
            #expect(code(try key.sign(headerJSON: header, payloadJSON: body + "," + duplicate + "}")) == .malformedClaims, "\(duplicate)")
        }
        let long = body + #","a-rather-long-claim-name":1"#
        #expect(code(try key.sign(headerJSON: header, payloadJSON: long + #","a-rather-long-claim-nam\u0065":2}"#)) == .malformedClaims)
        let widePayload = try verifier.verify(try key.sign(headerJSON: header, payloadJSON: long + "}"), keys: Fixtures.keySet, now: Fixtures.now)
        #expect(widePayload.claims["h19"] == 19 && widePayload.claims["a-rather-long-claim-name"] == 1)
    }

    @Test("Registered claims spelled with escapes are checked like plain ones")
    func escapedClaimNames() throws {
        let key = Fixtures.es256
        let header = #"{"alg":"ES256","kid":"ec-1"}"#
        // A not-yet-valid `nbf` written as "\u006ebf" must still be enforced.
        let future = Int64(Fixtures.now.secondsSinceEpoch) + 3600
        let notYet = try key.sign(headerJSON: header, payloadJSON: String(claims.dropLast()) + #","\u006ebf":\#(future)}"#)
        #expect(code(notYet) == .notYetValid)
        // An escaped `aud` naming another audience is refused.
        let payload = JSONValue.object(Fixtures.claims(removing: ["aud"])).serialized
        let otherAudience = try key.sign(headerJSON: header, payloadJSON: String(payload.dropLast()) + #","\u0061ud":"someone-else"}"#)
        #expect(code(otherAudience) == .invalidAudience)
        // And a valid token with escaped names verifies and reads the same.
        let plain = JSONValue.object(Fixtures.claims(removing: ["sub"])).serialized
        let escapedSub = try key.sign(
            headerJSON: #"{"\u0061lg":"ES256","kid":"ec-1"}"#,
            payloadJSON: String(plain.dropLast()) + #","s\u0075b":"user-9"}"#
        )
        let verified = try verifier.verify(escapedSub, keys: Fixtures.keySet, now: Fixtures.now)
        #expect(verified.claims.subject == "user-9" && verified.header.algorithm == .es256)
    }

    @Test("Header or payload that is not a JSON object is refused", arguments: ["[]", "\"x\"", "1", "null", "true", "", "{", "{}x"])
    func notObjects(json: String) throws {
        let key = Fixtures.es256
        // An empty header segment is not a JWS at all.
        #expect(code(try key.sign(headerJSON: json, payloadJSON: claims)) == (json.isEmpty ? .malformedToken : .malformedHeader))
        #expect(code(try key.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1"}"#, payloadJSON: json)) == .malformedClaims)
    }

    @Test("Header members of the wrong type are refused")
    func headerTypes() throws {
        let key = Fixtures.es256
        #expect(code(try key.sign(headerJSON: #"{"kid":"ec-1"}"#, payloadJSON: claims)) == .malformedHeader)
        #expect(code(try key.sign(headerJSON: #"{"alg":256,"kid":"ec-1"}"#, payloadJSON: claims)) == .malformedHeader)
        #expect(code(try key.sign(headerJSON: #"{"alg":"ES256","kid":1}"#, payloadJSON: claims)) == .malformedHeader)
        #expect(code(try key.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1","typ":[]}"#, payloadJSON: claims)) == .malformedHeader)
        #expect(code(try key.sign(headerJSON: #"{"alg":"es256","kid":"ec-1"}"#, payloadJSON: claims)) == .disallowedAlgorithm)
    }

    @Test("Non-UTF-8 header or payload is refused")
    func nonUTF8() throws {
        let key = Fixtures.es256
        let badHeader = try key.sign(
            header: Array(#"{"alg":"ES256","kid":"ec-1","x":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8),
            payload: Array(claims.utf8)
        )
        #expect(code(badHeader) == .malformedHeader)
        let badPayload = try key.sign(
            header: Array(#"{"alg":"ES256","kid":"ec-1"}"#.utf8),
            payload: Array(#"{"sub":""#.utf8) + [0xFF] + Array(#""}"#.utf8)
        )
        #expect(code(badPayload) == .malformedClaims)
    }

    @Test("Deeply nested header or payload is refused without exhausting the stack")
    func deepNesting() throws {
        let key = Fixtures.es256
        let nested = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(code(try key.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1","x":\#(nested)}"#, payloadJSON: claims)) == .malformedHeader)
        let payload = String(claims.dropLast()) + #","deep":\#(nested)}"#
        #expect(code(try key.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1"}"#, payloadJSON: payload)) == .malformedClaims)
    }

    @Test("Megabyte tokens are refused before any decoding")
    func oversized() throws {
        let huge = String(repeating: "A", count: 1 << 20)
        #expect(code(huge + "." + huge + "." + huge) == .tokenTooLarge)
        let padded = try Fixtures.es256.token(claims: Fixtures.claims(["pad": .string(String(repeating: "x", count: 20_000))]))
        #expect(code(padded) == .tokenTooLarge)
        let allowed = Fixtures.verifier { $0.maximumTokenLength = 64 * 1024 }
        #expect(code(padded, verifier: allowed) == nil)
    }

    @Test(
        "exp as a string, null, object, fraction of a bad kind, or out of range is refused",
        arguments: [
            #""4000000000""#, "null", "{}", "[4000000000]", "true", "1e400", "-1", "253402300800", "1.7e308",
        ]
    )
    func badExpiry(literal: String) throws {
        let payload = #"{"iss":"\#(Fixtures.issuer)","aud":"\#(Fixtures.audience)","exp":\#(literal)}"#
        let token = try Fixtures.es256.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1"}"#, payloadJSON: payload)
        #expect(code(token) == .malformedClaims)
    }

    @Test("NaN and Infinity are not JSON, so they are refused as malformed")
    func nanExpiry() throws {
        for literal in ["NaN", "Infinity", "-Infinity"] {
            let payload = #"{"iss":"\#(Fixtures.issuer)","aud":"\#(Fixtures.audience)","exp":\#(literal)}"#
            let token = try Fixtures.es256.sign(headerJSON: #"{"alg":"ES256","kid":"ec-1"}"#, payloadJSON: payload)
            #expect(code(token) == .malformedClaims)
        }
    }

    @Test("Non-canonical base64url in any segment is refused")
    func nonCanonicalBase64() throws {
        let token = try Fixtures.es256.token(claims: Fixtures.claims())
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // Padding, standard alphabet, whitespace, and set trailing bits.
        for index in 0..<3 {
            for mutate in [{ (s: String) in s + "=" }, { "\($0)==" }, { " " + $0 }, { $0 + "\n" }, { $0.replacingOccurrences("-", "+") }] {
                var copy = parts
                copy[index] = mutate(copy[index])
                if copy[index] == parts[index] { continue }
                let mutated = copy.joined(separator: ".")
                #expect(code(mutated) != nil, "segment \(index)")
            }
        }
        // Trailing bits: the signature of ES256 (64 bytes → 86 chars) ends with a char
        // carrying 2 unused bits; setting them keeps the bytes but breaks canonical form.
        var signature = Array(parts[2].utf8)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let last = alphabet.firstIndex(of: signature[signature.count - 1])!
        signature[signature.count - 1] = alphabet[last | 1]
        let trailing = parts[0] + "." + parts[1] + "." + String(decoding: signature, as: UTF8.self)
        #expect(code(trailing) == .malformedToken)
    }

    @Test(
        "Two, four and five segments are refused; five is named as encrypted",
        arguments: [
            ("a.b", TokenGateError.Code.malformedToken), ("a.b.c.d", .malformedToken), ("a.b.c.d.e", .encryptedToken),
            ("", .malformedToken), ("..", .malformedToken), ("....", .encryptedToken), ("a.b.c.d.e.f", .malformedToken),
        ]
    )
    func segments(token: String, expected: TokenGateError.Code) {
        #expect(code(token) == expected)
    }

    @Test("Tampering with any segment breaks the signature")
    func tampering() throws {
        let token = try Fixtures.rs256.token(claims: Fixtures.claims())
        let parts = token.split(separator: ".").map(String.init)
        let otherClaims = base64URL(Array(Fixtures.claimsJSON(["sub": "admin"]).utf8))
        #expect(code(parts[0] + "." + otherClaims + "." + parts[2]) == .invalidSignature)
        let otherHeader = base64URL(Array(#"{"alg":"RS256","kid":"rsa-1","typ":"at+jwt"}"#.utf8))
        #expect(code(otherHeader + "." + parts[1] + "." + parts[2]) == .invalidSignature)
    }

    @Test("Error descriptions are fixed and never echo token content")
    func safeDescriptions() throws {
        let marker = "SECRET-MARKER-\(UInt32.random(in: 0...UInt32.max))"
        let token = try Fixtures.es256.token(claims: Fixtures.claims(["iss": .string(marker)]), header: ["kid": .string("ec-1")])
        let error = try #require(tokenError { _ = try verifier.verify(token, keys: Fixtures.keySet, now: Fixtures.now) })
        #expect(error.code == .invalidIssuer)
        #expect(!error.description.contains(marker))
        #expect(!error.code.publicDescription.contains(marker))
        let unknown = try Fixtures.es256.with(keyID: marker).token(claims: Fixtures.claims())
        let unknownError = try #require(tokenError { _ = try verifier.verify(unknown, keys: Fixtures.keySet, now: Fixtures.now) })
        #expect(!unknownError.description.contains(marker))
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
        String(self.map { $0 == target ? replacement : $0 })
    }
}
