import Testing
import TokenGateTesting

@testable import TokenGate

/// Member names are the same name exactly when their UTF-8 bytes (after unescaping) are equal,
/// on every path that reads an object. Names that Swift's `String ==` calls equal (canonical
/// equivalence: U+212A KELVIN SIGN and "K", "é" and "e" + U+0301) are different names.
@Suite("JSON member names compare by bytes")
struct JSONMemberNameTests {
    /// Two names that differ in bytes but are canonically equivalent, as JSON text and as the
    /// strings they spell.
    struct Pair: Sendable, CustomTestStringConvertible {
        let first: String
        let second: String
        let firstJSON: String
        let secondJSON: String
        var testDescription: String { "\(self.firstJSON) / \(self.secondJSON)" }
    }

    static let pairs: [Pair] = [
        Pair(first: "K", second: "\u{212A}", firstJSON: "K", secondJSON: #"\u212A"#),
        Pair(first: "\u{E9}", second: "e\u{301}", firstJSON: "\u{E9}", secondJSON: "e\u{301}"),
        Pair(first: "kelvin-K-long", second: "kelvin-\u{212A}-long", firstJSON: "kelvin-K-long", secondJSON: #"kelvin-\u212A-long"#),
        Pair(first: "caf\u{E9}-latte", second: "cafe\u{301}-latte", firstJSON: #"caf\u00e9-latte"#, secondJSON: "cafe\u{301}-latte"),
    ]

    /// Members put before the pair: none, past the name set's 16 inline names, and past the
    /// member list's linear limit.
    static let fillerCounts = [0, 20, JSONMemberList.linearLimit + 6]

    private static func document(_ pair: Pair, fillers: Int, secondJSON: String? = nil) -> String {
        let filler = (0..<fillers).map { #""m\#($0)":\#($0)"# }
        return "{" + (filler + [#""\#(pair.firstJSON)":1"#, #""\#(secondJSON ?? pair.secondJSON)":2"#]).joined(separator: ",") + "}"
    }

    private static func memberList(_ text: String) throws(JSONParser.Failure) -> JSONMemberList? {
        let bytes = Array(text.utf8)
        let result: Result<JSONMemberList?, JSONParser.Failure> = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParser.Failure) in try JSONParser.parseMemberList(buffer, maximumDepth: 8, capacity: 4) }
        }
        return try result.get()
    }

    @Test(
        "Canonically equivalent names with different bytes are distinct on every parser path",
        .bug(id: 17),
        arguments: pairs,
        fillerCounts
    )
    func distinctEverywhere(pair: Pair, fillers: Int) throws {
        let text = Self.document(pair, fillers: fillers)
        // Ordered list (a token's claims on the request path): both kept, each found by its bytes.
        let list = try #require(try Self.memberList(text))
        #expect(list.elements.count == fillers + 2)
        #expect(list[pair.first] == 1)
        #expect(list[pair.second] == 2)
        // A dictionary view cannot hold both (its keys compare canonically): the first is kept.
        let dictionary = list.dictionary
        #expect(dictionary.count == fillers + 1)
        #expect(dictionary[pair.first] == 1)
        #expect(JWTClaims(memberList: list).members == dictionary)
        #expect(JWTClaims(memberList: list)[pair.second] == 2)
        // Name set (the verifier's and the header's sinks).
        // Dictionary parser, at the top and nested.
        let parsed = try JSONParser.parse(Array(text.utf8), maximumDepth: 8)
        #expect(parsed.objectValue?.count == fillers + 1)
        #expect(parsed[pair.first] == 1)
        let nested = try JSONParser.parse(Array(#"{"o":\#(text),"p":[\#(text)]}"#.utf8), maximumDepth: 8)
        #expect(nested["o"] == parsed)
    }

    @Test(
        "A name repeated with the same bytes (however escaped) is refused on every parser path",
        .bug(id: 17),
        arguments: pairs,
        fillerCounts
    )
    func duplicatesRefusedEverywhere(pair: Pair, fillers: Int) throws {
        // The second name spelled again after the first: a duplicate of neither would pass,
        // so also put both spellings of the second name.
        let repeated = [
            pair.second.unicodeScalars.map { #"\u\#(String($0.value, radix: 16, uppercase: false).leftPadded(to: 4))"# }.joined(), pair.secondJSON,
        ]
        for secondJSON in repeated {
            let filler = (0..<fillers).map { #""m\#($0)":\#($0)"# }
            let members = filler + [#""\#(pair.firstJSON)":1"#, #""\#(pair.secondJSON)":2"#, #""\#(secondJSON)":3"#]
            let text = "{" + members.joined(separator: ",") + "}"
            #expect(throws: JSONParser.Failure.duplicateMember, "\(text)") { try Self.memberList(text) }
            #expect(throws: JSONParser.Failure.duplicateMember, "\(text)") { try JSONParser.parse(Array(text.utf8), maximumDepth: 8) }
            let nested = #"{"o":\#(text)}"#
            #expect(throws: JSONParser.Failure.duplicateMember, "\(nested)") { try JSONParser.parse(Array(nested.utf8), maximumDepth: 8) }
        }
    }

    @Test(
        "A dictionary keeps the first of canonically equivalent names and still refuses a later byte duplicate of a dropped one",
        .bug(id: 17)
    )
    func dictionaryShadowedNames() throws {
        // "K", KELVIN SIGN, then KELVIN SIGN again: the third repeats the second's bytes.
        #expect(throws: JSONParser.Failure.duplicateMember) { try JSONParser.parse(Array(#"{"K":1,"\u212A":2,"\u212a":3}"#.utf8)) }
        #expect(try JSONParser.parse(Array(#"{"\u212A":2,"K":1}"#.utf8)) == ["\u{212A}": 2])
    }

    @Test(
        "Verification: the verifier accepts payloads with canonically equivalent names, and read them apart",
        .bug(id: 17),
        arguments: pairs,
        fillerCounts
    )
    func verificationAgrees(pair: Pair, fillers: Int) throws {
        let claims = Fixtures.claimsJSON()
        let extra = Self.document(pair, fillers: fillers).dropFirst()
        let payload = claims.dropLast() + "," + extra
        let token = try Fixtures.es256.sign(headerJSON: #"{"alg":"ES256","typ":"JWT","kid":"ec-1"}"#, payloadJSON: String(payload))
        let verifier = Fixtures.verifier()
        #expect(verificationCode(verifier, token, keys: Fixtures.keySet, now: Fixtures.now) == nil)
        let read = try verifier.verify(token, keys: Fixtures.keySet, now: Fixtures.now)
        #expect(read.claims[pair.first] == 1)
        #expect(read.claims[pair.second] == 2)
        #expect(read.claims.members[pair.first] == 1)

        let duplicated = claims.dropLast() + "," + extra.dropLast() + #","\#(pair.secondJSON)":3}"#
        let refused = try Fixtures.es256.sign(headerJSON: #"{"alg":"ES256","typ":"JWT","kid":"ec-1"}"#, payloadJSON: String(duplicated))
        #expect(verificationCode(verifier, refused, keys: Fixtures.keySet, now: Fixtures.now) != nil)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - self.count)) + self
    }
}
