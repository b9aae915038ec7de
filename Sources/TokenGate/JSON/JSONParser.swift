/// A strict RFC 8259 JSON parser over bytes.
///
/// Stricter than Foundation where it matters for tokens: duplicate member names (the same
/// UTF-8 bytes after unescaping, on every path), invalid UTF-8,
/// lone surrogates, control characters in strings, leading zeros, trailing content and a
/// byte-order mark are all rejected, and nesting depth is bounded so hostile input cannot
/// exhaust the stack.
package struct JSONParser: ~Copyable {
    /// Why parsing failed (for tests and logs; never shown to clients).
    package enum Failure: Error, Equatable {
        case unexpectedEnd
        case unexpectedByte(offset: Int)
        case duplicateMember
        case invalidUTF8
        case invalidEscape
        case invalidNumber
        case tooDeep
        case trailingContent
    }

    private let bytes: UnsafeRawBufferPointer
    private var index: Int = 0
    private let maximumDepth: Int
    private let topLevelCapacity: Int

    private init(bytes: UnsafeRawBufferPointer, maximumDepth: Int, topLevelCapacity: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.topLevelCapacity = topLevelCapacity
    }

    /// Parses one JSON value that spans all of `bytes`.
    /// - Parameters:
    ///   - maximumDepth: Deeper nesting fails with `.tooDeep`.
    ///   - topLevelCapacity: Room reserved in a top-level object: growing a dictionary rehashes
    ///     every member, so callers that know the usual size say so.
    package static func parse(
        _ bytes: UnsafeRawBufferPointer,
        maximumDepth: Int = 32,
        topLevelCapacity: Int = 0
    ) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth, topLevelCapacity: topLevelCapacity)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw .trailingContent }
        return value
    }

    /// Parses one JSON value from an array of bytes.
    package static func parse(_ bytes: [UInt8], maximumDepth: Int = 32) throws(Failure) -> JSONValue {
        let result: Result<JSONValue, Failure> = bytes.withUnsafeBytes { buffer in
            do throws(Failure) {
                return .success(try parse(buffer, maximumDepth: maximumDepth))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses a JSON object that spans all of `bytes`.
    package static func parseObject(
        _ bytes: UnsafeRawBufferPointer,
        maximumDepth: Int = 32,
        topLevelCapacity: Int = 0
    ) throws(Failure) -> [String: JSONValue]? {
        if case .object(let members) = try parse(bytes, maximumDepth: maximumDepth, topLevelCapacity: topLevelCapacity) {
            return members
        }
        return nil
    }

    /// Parses a JSON object that spans all of `bytes` into its members in document order
    /// (no hashing: for the small objects read on every request); `nil` when the value is not
    /// an object.
    package static func parseMemberList(
        _ bytes: UnsafeRawBufferPointer,
        maximumDepth: Int,
        capacity: Int
    ) throws(Failure) -> JSONMemberList? {
        var sink = ListSink(capacity: capacity)
        guard try parseObject(bytes, maximumDepth: maximumDepth, into: &sink) else { return nil }
        return JSONMemberList(uniqueElements: sink.elements, index: sink.index)
    }

    /// Parses a JSON object that spans all of `bytes`, passing its top-level members to
    /// `sink`; `false` when the value is valid JSON but not an object.
    private static func parseObject<Sink: JSONMemberSink>(
        _ bytes: UnsafeRawBufferPointer,
        maximumDepth: Int,
        into sink: inout Sink
    ) throws(Failure) -> Bool {
        var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth, topLevelCapacity: 0)
        parser.skipWhitespace()
        guard try parser.peek() == UInt8(ascii: "{") else {
            _ = try parser.parseValue(depth: 0)  // still strict: a non-object must be valid JSON
            parser.skipWhitespace()
            guard parser.index == bytes.count else { throw .trailingContent }
            return false
        }
        try parser.parseMembers(depth: 1, into: &sink)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw .trailingContent }
        return true
    }

    private mutating func skipWhitespace() {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case 0x20, 0x09, 0x0A, 0x0D: self.index += 1
            default: return
            }
        }
    }

    @inline(__always)
    private func peek() throws(Failure) -> UInt8 {
        guard self.index < self.bytes.count else { throw .unexpectedEnd }
        return self.bytes[self.index]
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        switch try self.peek() {
        case UInt8(ascii: "{"): return try self.parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try self.parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try self.parseString())
        case UInt8(ascii: "t"):
            try self.expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try self.expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try self.expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try self.parseNumber())
        default:
            throw .unexpectedByte(offset: self.index)
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard self.bytes.count - self.index >= count else { throw .unexpectedEnd }
        let start = literal.utf8Start
        for offset in 0..<count where self.bytes[self.index + offset] != start[offset] {
            throw .unexpectedByte(offset: self.index + offset)
        }
        self.index += count
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
        var members = DictionarySink(capacity: depth == 1 ? self.topLevelCapacity : 0)
        try self.parseMembers(depth: depth, into: &members)
        return .object(members.members)
    }

    /// Reads an object's members from its `{` to its `}` into `sink` (generic, not a closure:
    /// a closure capturing the collection would box it and check exclusivity on every member).
    @inline(__always)
    private mutating func parseMembers<Sink: JSONMemberSink>(depth: Int, into sink: inout Sink) throws(Failure) {
        guard depth <= self.maximumDepth else { throw .tooDeep }
        self.index += 1  // {
        self.skipWhitespace()
        if try self.peek() == UInt8(ascii: "}") {
            self.index += 1
            return
        }
        while true {
            self.skipWhitespace()
            guard try self.peek() == UInt8(ascii: "\"") else { throw .unexpectedByte(offset: self.index) }
            // 1 to 7 ASCII bytes without escapes: the packed key is the name, no string is made.
            // Otherwise the name is unescaped first, so that `"\u0069ss"` is `iss` everywhere.
            let shortKey = self.scanShortName()
            let name = shortKey == nil ? try self.parseString() : nil
            self.skipWhitespace()
            guard try self.peek() == UInt8(ascii: ":") else { throw .unexpectedByte(offset: self.index) }
            self.index += 1
            self.skipWhitespace()
            let key = shortKey ?? JSONMember.shortKey(name!)  // packed after unescaping
            let value = try self.parseValue(depth: depth)
            try sink.add(key: key, longName: key == 0 ? name : nil, value: value)
            self.skipWhitespace()
            switch try self.peek() {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "}"):
                self.index += 1
                return
            default: throw .unexpectedByte(offset: self.index)
            }
        }
    }

    /// At an opening quote: when the name is 1 to 7 printable ASCII bytes without escapes,
    /// consumes it and returns its packed key; otherwise leaves the index alone.
    @inline(__always)
    private mutating func scanShortName() -> UInt64? {
        let start = self.index + 1
        let limit = min(self.bytes.count, start + 8)
        var key: UInt64 = 0
        var end = start
        while end < limit {
            let byte = self.bytes[end]
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
            key |= UInt64(byte) << ((end - start) * 8)
            end += 1
        }
        let length = end - start
        guard end < limit, length > 0, length <= 7 else { return nil }
        self.index = end + 1
        return key | UInt64(length) << 56
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= self.maximumDepth else { throw .tooDeep }
        self.index += 1  // [
        var elements: [JSONValue] = []
        self.skipWhitespace()
        if try self.peek() == UInt8(ascii: "]") {
            self.index += 1
            return .array(elements)
        }
        while true {
            self.skipWhitespace()
            elements.append(try self.parseValue(depth: depth))
            self.skipWhitespace()
            switch try self.peek() {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "]"):
                self.index += 1
                return .array(elements)
            default: throw .unexpectedByte(offset: self.index)
            }
        }
    }

    private mutating func parseNumber() throws(Failure) -> JSONNumber {
        let start = self.index
        try self.scanNumber()
        return JSONNumber(uncheckedLiteral: UnsafeRawBufferPointer(rebasing: self.bytes[start..<self.index]))
    }

    /// Moves past a number, checking the RFC 8259 grammar.
    private mutating func scanNumber() throws(Failure) {
        if self.bytes[self.index] == UInt8(ascii: "-") { self.index += 1 }
        // Integer part: 0 or [1-9][0-9]*.
        guard self.index < self.bytes.count else { throw .invalidNumber }
        if self.bytes[self.index] == UInt8(ascii: "0") {
            self.index += 1
        } else if isDigit(self.bytes[self.index]) {
            while self.index < self.bytes.count, isDigit(self.bytes[self.index]) { self.index += 1 }
        } else {
            throw .invalidNumber
        }
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: ".") {
            self.index += 1
            guard self.index < self.bytes.count, isDigit(self.bytes[self.index]) else { throw .invalidNumber }
            while self.index < self.bytes.count, isDigit(self.bytes[self.index]) { self.index += 1 }
        }
        if self.index < self.bytes.count, self.bytes[self.index] | 0x20 == UInt8(ascii: "e") {
            self.index += 1
            if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "+") || self.bytes[self.index] == UInt8(ascii: "-") {
                self.index += 1
            }
            guard self.index < self.bytes.count, isDigit(self.bytes[self.index]) else { throw .invalidNumber }
            while self.index < self.bytes.count, isDigit(self.bytes[self.index]) { self.index += 1 }
        }
        // A digit straight after a leading zero ("01") is left here and fails as an unexpected byte.
    }

    private mutating func parseString() throws(Failure) -> String {
        self.index += 1  // opening quote
        let start = self.index
        // Fast path: no escapes. Plain ASCII needs no validation; other bytes are validated as
        // UTF-8 when the string is made.
        var high: UInt8 = 0
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: self.bytes[start..<self.index])
                self.index += 1
                if high < 0x80 { return String(decoding: slice, as: UTF8.self) }
                guard let string = makeString(slice) else { throw .invalidUTF8 }
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw .unexpectedByte(offset: self.index) }
            high |= byte
            self.index += 1
        }
        guard self.index < self.bytes.count else { throw .unexpectedEnd }
        // Slow path: copy and unescape.
        var output = [UInt8](UnsafeRawBufferPointer(rebasing: self.bytes[start..<self.index]))
        while true {
            guard self.index < self.bytes.count else { throw .unexpectedEnd }
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                self.index += 1
                guard let string = output.withUnsafeBytes({ makeString($0) }) else { throw .invalidUTF8 }
                return string
            }
            if byte < 0x20 { throw .unexpectedByte(offset: self.index) }
            if byte != UInt8(ascii: "\\") {
                output.append(byte)
                self.index += 1
                continue
            }
            self.index += 1
            guard self.index < self.bytes.count else { throw .unexpectedEnd }
            let escape = self.bytes[self.index]
            self.index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try self.parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard self.bytes.count - self.index >= 6,
                        self.bytes[self.index] == UInt8(ascii: "\\"),
                        self.bytes[self.index + 1] == UInt8(ascii: "u")
                    else { throw .invalidEscape }
                    self.index += 2
                    let low = try self.parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw .invalidEscape }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw .invalidEscape
                }
                guard let unicodeScalar = Unicode.Scalar(scalar) else { throw .invalidEscape }
                output.append(contentsOf: UTF8.encode(unicodeScalar)!)
            default:
                throw .invalidEscape
            }
        }
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard self.bytes.count - self.index >= 4 else { throw .unexpectedEnd }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = self.bytes[self.index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw .invalidEscape
            }
            value = value << 4 | digit
            self.index += 1
        }
        return value
    }
}

/// The string for `bytes` when they are valid UTF-8 (validated as a `UTF8Span`, then copied:
/// `String(validating:as:)` is generic over the encoding and looks its metadata up per call).
private func makeString(_ bytes: UnsafeRawBufferPointer) -> String? {
    guard let span = try? UTF8Span(validating: bytes.assumingMemoryBound(to: UInt8.self).span) else { return nil }
    return String(copying: span)
}

@inline(__always)
private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}

/// Members into a dictionary (every object below the top of a token, and other documents).
///
/// Names are the same name when their UTF-8 bytes are, as on every other path. The
/// dictionary's `String` keys compare by canonical equivalence, so it cannot hold two names
/// that differ only that way ("K" and U+212A KELVIN SIGN): it keeps the first, and the later
/// one is only remembered by its bytes, so that repeating it is still a duplicate.
private struct DictionarySink: JSONMemberSink {
    var members: [String: JSONValue]
    /// Names left out because `members` had an equivalent key with other bytes (almost always nil).
    var shadowed: Set<JSONMemberName>?

    init(capacity: Int) { self.members = [String: JSONValue](minimumCapacity: capacity) }

    mutating func add(key: UInt64, longName: String?, value: consuming JSONValue) throws(JSONParser.Failure) {
        let name = JSONMember.name(key: key, longName: longName)
        guard let first = self.members.updateValue(value, forKey: name) else { return }
        // Rare: an equal key was there. Updating keeps the stored key, so its bytes tell
        // a repeated name from an equivalent spelling, which is not a duplicate.
        let stored = self.members.index(forKey: name).map { self.members[$0].key }
        self.members[name] = first
        if stored?.hasSameUTF8(as: name) ?? true { throw .duplicateMember }
        if self.shadowed == nil { self.shadowed = [] }
        guard self.shadowed!.insert(JSONMemberName(name)).inserted else { throw .duplicateMember }
    }
}

/// Members into a list in document order (a token's header and claims). Duplicates are found
/// by packed-name (or long-name byte) comparison while the object is small; beyond that the
/// list's own lookup index is built here and finds them, so a hostile payload with thousands
/// of members costs linear time and its names are hashed once. Names compare by UTF-8 bytes.
private struct ListSink: JSONMemberSink {
    var elements: [JSONMember] = []
    var index: [JSONMemberName: Int]?

    init(capacity: Int) { self.elements.reserveCapacity(capacity) }

    mutating func add(key: UInt64, longName: String?, value: consuming JSONValue) throws(JSONParser.Failure) {
        let member = JSONMember(key: key, longName: longName, value: value)
        if self.index != nil {
            guard self.index!.updateValue(self.elements.count, forKey: JSONMemberName(member.name)) == nil else { throw .duplicateMember }
        } else {
            // Compared in place: iterating the array would copy (retain and release) every
            // member for every new one.
            let key = member.key
            let duplicate = self.elements.withUnsafeBufferPointer { existing -> Bool in
                for index in existing.indices where existing[index].key == key {
                    if key != 0 || existing[index].hasName(member.name, key: key) { return true }
                }
                return false
            }
            if duplicate { throw .duplicateMember }
            if self.elements.count == JSONMemberList.linearLimit {
                var index = JSONMemberList.index(of: self.elements)
                index[JSONMemberName(member.name)] = self.elements.count
                self.index = index
            }
        }
        self.elements.append(member)
    }
}
