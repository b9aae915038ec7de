import Testing
@testable import TokenGate

@Suite("Strict JSON parser")
struct JSONParserTests {
    private func parse(_ text: String, depth: Int = 32) throws(JSONParser.Failure) -> JSONValue {
        try JSONParser.parse(Array(text.utf8), maximumDepth: depth)
    }

    @Test("Parses every JSON type")
    func parsesTypes() throws {
        let value = try parse(#" { "a" : [1, -2.5e3, true, false, null, "x\u00e9\"\\\/\b\f\n\r\t", {}] , "b": {"c": []} } "#)
        #expect(value["a"]?.arrayValue?.count == 7)
        #expect(value["a"]?.arrayValue?[0] == .number(JSONNumber(uncheckedLiteral: "1")))
        #expect(value["a"]?.arrayValue?[1].doubleValue == -2500)
        #expect(value["a"]?.arrayValue?[5] == .string("xé\"\\/\u{8}\u{c}\n\r\t"))
        #expect(value["b"]?["c"] == .array([]))
    }

    @Test("Decodes surrogate pairs")
    func surrogatePairs() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test("Refuses malformed documents", arguments: [
        #"{"a":1,"a":2}"#,  // duplicate member
        #"{"a":1}x"#,  // trailing content
        "\u{FEFF}{}",  // byte-order mark
        #"{"a":01}"#,  // leading zero
        #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":1e}"#, #"{"a":-}"#, #"{"a":+1}"#,
        #"{"a":NaN}"#, #"{"a":Infinity}"#,
        #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#,  // lone and broken surrogates
        #""\x""#, #""\u12G4""#,
        "\"a\u{01}b\"",  // raw control character
        #"{"a":1,}"#, #"[1,]"#, #"{a:1}"#, #"{'a':1}"#, "", " ", "tru", "nul", "[", "{", #"{"a""#, #""abc"#,
    ])
    func refusesMalformed(text: String) {
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
    }

    @Test("Refuses invalid UTF-8 inside strings")
    func invalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xC3, 0x28, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22]] {
            #expect(throws: JSONParser.Failure.invalidUTF8) { try JSONParser.parse(bytes) }
        }
    }

    @Test("Bounds nesting depth without exhausting the stack")
    func depth() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.Failure.tooDeep) { try parse(deep) }
        #expect(throws: Never.self) { try parse("[[[[]]]]", depth: 4) }
        #expect(throws: JSONParser.Failure.tooDeep) { try parse("[[[[[]]]]]", depth: 4) }
    }

    @Test("Serialization is parseable and deterministic")
    func serialization() throws {
        let value: JSONValue = ["b": [1, "x\n\"\u{1}"], "a": nil, "c": true]
        #expect(value.serialized == #"{"a":null,"b":[1,"x\n\"\u0001"],"c":true}"#)
        #expect(try parse(value.serialized) == value)
    }
}
