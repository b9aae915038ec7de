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

    @Test(
        "Refuses malformed documents",
        arguments: [
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
        ]
    )
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

    private func memberList(_ text: String) throws(JSONParser.Failure) -> JSONMemberList? {
        let bytes = Array(text.utf8)
        let result: Result<JSONMemberList?, JSONParser.Failure> = bytes.withUnsafeBytes { buffer in
            do throws(JSONParser.Failure) {
                return .success(try JSONParser.parseMemberList(buffer, maximumDepth: 8, capacity: 4))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    @Test("Member lists: document order, an escaped name is the same name, duplicates refused below and above the linear limit")
    func memberLists() throws {
        let list = try #require(try memberList(#"{"b":1,"\u0069ss":"x","a-rather-long-member-name":[true],"":null}"#))
        #expect(list.elements.map(\.name) == ["b", "iss", "a-rather-long-member-name", ""])
        // Found by a short name, by the text of a long name, and by the empty name.
        #expect(list["iss"] == .string("x"))
        #expect(list["a-rather-long-member-name"] == .array([true]))
        #expect(list[""] == .null)
        #expect(list["is"] == nil && list["issx"] == nil)
        #expect(list.dictionary == ["b": 1, "iss": "x", "a-rather-long-member-name": [true], "": nil])

        // Escapes spell the same name: still a duplicate, in both orders and for long names.
        for text in [
            #"{"iss":1,"\u0069ss":2}"#, #"{"\u0069ss":1,"iss":2}"#,
            #"{"a-rather-long-member-name":1,"a-rather-long-member-nam\u0065":2}"#, #"{"":1,"":2}"#,
        ] {
            #expect(throws: JSONParser.Failure.duplicateMember) { try memberList(text) }
        }

        // Past the linear limit lookups go through an index and duplicates through a set.
        let many = (0..<100).map { #""m\#($0)":\#($0)"# }
        let big = try #require(try memberList("{" + many.joined(separator: ",") + "}"))
        #expect(big.elements.count == 100 && big["m99"] == 99 && big["m0"] == 0 && big["m100"] == nil)
        for position in [0, 10, JSONMemberList.linearLimit, 99] {
            let duplicated = many + [#""m\#(position)":0"#]
            #expect(throws: JSONParser.Failure.duplicateMember) { try memberList("{" + duplicated.joined(separator: ",") + "}") }
        }

        // Not an object: nil, but still strictly JSON.
        #expect(try memberList("[1]") == nil)
        #expect(throws: JSONParser.Failure.self) { try memberList("[1,]") }
        #expect(throws: JSONParser.Failure.trailingContent) { try memberList("{} {}") }
    }

    @Test("Numbers keep their literal exactly, whether stored as integers or as text")
    func numbers() throws {
        for literal in [
            "0", "7", "-7", "123456789012345", "-123456789012345", "1234567890123456", "-0", "0.0", "1e3", "1E+3", "-0.5", "1.50", "9007199254740993",
        ] {
            let parsed = try parse("[\(literal)]").arrayValue?.first
            #expect(parsed == .number(JSONNumber(uncheckedLiteral: literal)), "\(literal)")
            guard case .number(let number)? = parsed else { continue }
            #expect(number.literal == literal)
            #expect(JSONValue.array([.number(number)]).serialized == "[\(literal)]")
            #expect(number.doubleValue == Double(literal))
        }
        #expect(JSONNumber(1_732_500_000) == JSONNumber(uncheckedLiteral: "1732500000"))
        #expect(JSONNumber(uncheckedLiteral: "-0") != JSONNumber(uncheckedLiteral: "0"))
        #expect(JSONNumber(uncheckedLiteral: "1.0") != JSONNumber(uncheckedLiteral: "1"))
        #expect(JSONNumber(uncheckedLiteral: "123456789012345").int64Value == 123_456_789_012_345)
        #expect(JSONNumber(uncheckedLiteral: "12345678901234567").int64Value == 12_345_678_901_234_567)
        #expect(JSONNumber(2.5)?.literal == "2.5" && JSONNumber(3.0) == JSONNumber(3) && JSONNumber(.nan) == nil)
        #expect(Set([JSONNumber(5), JSONNumber(uncheckedLiteral: "5")]).count == 1)
    }

    @Test("Algorithm names are found by their exact bytes, case-sensitively")
    func algorithmNames() {
        for algorithm in JWSAlgorithm.all {
            #expect(JWSAlgorithm(name: algorithm.name) == algorithm)
            #expect(JWSAlgorithm(name: Substring(algorithm.name)) == algorithm)
            #expect(JWSAlgorithm(name: algorithm.name.lowercased()) == nil)
            #expect(JWSAlgorithm(name: algorithm.name + " ") == nil)
        }
        for name in ["none", "None", "", "RS25", "RS2566", "rs256", "HS256\u{0}", "Ed2551", "Ed25519x", "ES256K"] {
            #expect(JWSAlgorithm(name: name) == nil, "\(name)")
        }
    }

    @Test("Differential: member lists agree with the dictionary parser on 20 000 generated objects")
    func differential() throws {
        // Seeded generator: short, long, escaped, non-ASCII and repeated names; nested values;
        // sometimes broken syntax. Both parsers must accept and refuse the same documents and
        // read the same members.
        var random = SeededGenerator(seed: 0x5EED)
        let names = [
            "iss", "\\u0069ss", "exp", "aud", "scope", "tenant", "x", "", "é", "\\u00e9", "ab\\\"c", "a-rather-long-name", "a-rather-long-nam\\u0065",
            "sevench", "eightchr", "\\ud83d\\ude00",
        ]
        let values = [
            "1", "-0", "1.5e3", "\"v\"", "\"https://issuer.example/oauth/v4/tenant\"", "[1,\"a\"]", "{\"a\":{\"b\":null}}", "true", "null",
            "\"\\u0000\"", "01", "\"\u{1}\"", "\"caf\u{e9}\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"a\\qb\"", "[\"a\"]", "[ \"a\" ]",
            "[\"a\",\"b\"]", "[\"\\u0061\"]", "[{\"k\":1,\"k\":2}]", "{\"k\":1,\"k\":2}", "-", "1.", "1e", "tru", "[\"a\"", "\"unterminated",
        ]
        var agreed = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &random)
            var parts: [String] = []
            for _ in 0..<count {
                let name =
                    Int.random(in: 0..<4, using: &random) == 0 ? "n\(Int.random(in: 0..<60, using: &random))" : names.randomElement(using: &random)!
                parts.append("\"\(name)\":\(values.randomElement(using: &random)!)")
            }
            var text = "{" + parts.joined(separator: ",") + "}"
            if Int.random(in: 0..<20, using: &random) == 0 { text.removeLast() }
            var bytes = Array(text.utf8)
            if Int.random(in: 0..<15, using: &random) == 0, let accent = bytes.firstIndex(of: 0xC3) {
                bytes[accent + 1] = [0x28, 0xFF, 0xC3].randomElement(using: &random)!  // no longer UTF-8
            }
            let reference = Result { () throws(JSONParser.Failure) in try JSONParser.parse(bytes, maximumDepth: 8) }
            let list = bytes.withUnsafeBytes { buffer in
                Result { () throws(JSONParser.Failure) in try JSONParser.parseMemberList(buffer, maximumDepth: 8, capacity: 4) }
            }
            switch (reference, list) {
            case (.success(.object(let dictionary)), .success(let members?)):
                #expect(members.dictionary == dictionary, "\(text)")
                #expect(members.elements.count == dictionary.count)
                for (name, value) in dictionary where members[name] != value { Issue.record("lookup \(name) in \(text)") }
                agreed += 1
            case (.failure(let expected), .failure(let failure)):
                #expect(expected == failure, "\(text)")
            default:
                Issue.record("parsers disagree on \(text)")
            }
        }
        #expect(agreed > 1_000)  // the generator reaches valid documents, not only failures
    }

    @Test(
        "Member lists refuse every malformed UTF-8 form the dictionary parser refuses",
        arguments: [
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xE2, 0x82], [0x80], [0xFF], [0xF0, 0x9F, 0x98, 0x80], [0xC3, 0xA9],
        ] as [[UInt8]]
    )
    func skippedUTF8(sequence: [UInt8]) {
        // Overlong, surrogate, above U+10FFFF, invalid lead, truncated, lone continuation, 0xFF;
        // the last two are valid (U+1F600, é) and must be accepted by both.
        let document = Array(#"{"scope":"a"#.utf8) + sequence + Array(#"b","iss":"x"}"#.utf8)
        let full = Result { () throws(JSONParser.Failure) in try JSONParser.parse(document, maximumDepth: 8) }
        let listed = document.withUnsafeBytes { bytes in
            Result { () throws(JSONParser.Failure) in try JSONParser.parseMemberList(bytes, maximumDepth: 8, capacity: 4) }
        }
        switch (full, listed) {
        case (.success, .success(let members?)): #expect(members["scope"]?.stringValue != nil && members["iss"] == "x")
        case (.failure(let expected), .failure(let failure)): #expect(expected == failure && failure == .invalidUTF8)
        default: Issue.record("the readers disagree on \(sequence)")
        }
        let valid = sequence == [0xF0, 0x9F, 0x98, 0x80] || sequence == [0xC3, 0xA9]
        #expect(((try? full.get()) != nil) == valid)
    }

    @Test("Strings of every length to 40 with an escape, control byte, bad or good UTF-8 at every position read alike")
    func stringsByWordAndByte() {
        // Each special byte must be found wherever it lands, in a short or a long member name's value.
        let specials: [(bytes: [UInt8], decoded: [UInt8]?, failure: JSONParser.Failure?)] = [
            (Array(#"\n"#.utf8), [0x0A], nil), (Array(#"\""#.utf8), [0x22], nil), (Array(#"\u00e9"#.utf8), [0xC3, 0xA9], nil),
            ([0x01], nil, .unexpectedByte(offset: 0)), ([0x1F], nil, .unexpectedByte(offset: 0)), ([0x7F], [0x7F], nil),
            ([0xFF], nil, .invalidUTF8), ([0xC3], nil, .invalidUTF8), ([0xC3, 0xA9], [0xC3, 0xA9], nil),
            ([0xF0, 0x9F, 0x98, 0x80], [0xF0, 0x9F, 0x98, 0x80], nil),
        ]
        var checked = 0
        for length in 0...40 {
            for position in 0...length {
                for special in specials {
                    let before = [UInt8](repeating: UInt8(ascii: "a"), count: position)
                    let after = [UInt8](repeating: UInt8(ascii: "b"), count: length - position)
                    let content = before + special.bytes + after
                    for name in ["iss", "scope"] {
                        let document = Array(#"{"\#(name)":""#.utf8) + content + Array(#"","x":1}"#.utf8)
                        let result = document.withUnsafeBytes { bytes in
                            Result { () throws(JSONParser.Failure) in try JSONParser.parseMemberList(bytes, maximumDepth: 8, capacity: 4) }
                        }
                        switch (result, special.failure) {
                        case (.success(let members?), nil):
                            #expect(members["x"] == 1)
                            let expected = String(decoding: before + special.decoded! + after, as: UTF8.self)
                            #expect(members[name] == .string(expected), "length \(length) position \(position)")
                        case (.failure(let failure), let expected?):
                            if case .unexpectedByte = expected {
                                #expect(failure == .unexpectedByte(offset: 5 + name.count + position), "\(name) \(length) \(position)")
                            } else {
                                #expect(failure == expected, "\(name) \(length) \(position)")
                            }
                        default:
                            Issue.record("\(name), length \(length), position \(position), \(special.bytes): \(result)")
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 861 * specials.count * 2)
    }

    @Test("Packed member names stand for their names")
    func packedNames() {
        for name in ["iss", "exp", "scope", "tenant", "sevench"] {
            #expect(JSONMember(name: name, value: .null).name == name)
            #expect(JSONMember(name: name, value: .null).key != 0)
        }
        #expect(JSONMember.shortKey("") == 0 && JSONMember.shortKey("eightchr") == 0)
        // Same bytes, different lengths: different keys ("a" is not "a\0").
        #expect(JSONMember(name: "a", value: .null).key != JSONMember(name: "a\u{0}", value: .null).key)
    }

    @Test("Serialization is parseable and deterministic")
    func serialization() throws {
        let value: JSONValue = ["b": [1, "x\n\"\u{1}"], "a": nil, "c": true]
        #expect(value.serialized == #"{"a":null,"b":[1,"x\n\"\u0001"],"c":true}"#)
        #expect(try parse(value.serialized) == value)
    }
}
