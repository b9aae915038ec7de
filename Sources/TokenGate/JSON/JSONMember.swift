/// One member of a JSON object read on the request path. A name of 1 to 7 bytes is kept
/// packed into an integer (``key``) and only becomes a `String` when someone asks for it, so
/// finding `iss` or `exp` is one integer comparison and reading a token makes no strings for
/// its member names.
package struct JSONMember: Sendable {
    /// ``shortKey(_:)`` of the name: non-zero exactly when the name has 1 to 7 bytes.
    package let key: UInt64
    /// The name when it does not fit the key (empty, or 8 bytes and more).
    private let longName: String?
    /// The member value.
    package let value: JSONValue

    /// Creates a member, packing the name.
    package init(name: String, value: JSONValue) {
        let key = Self.shortKey(name)
        self.init(key: key, longName: key == 0 ? name : nil, value: value)
    }

    /// Creates a member from a packed key, or a long name with key 0; the parser has checked
    /// that the bytes in a key are valid UTF-8.
    package init(key: UInt64, longName: String?, value: JSONValue) {
        self.key = key
        self.longName = longName
        self.value = value
    }

    /// The member name.
    package var name: String { Self.name(key: self.key, longName: self.longName) }

    /// The name packed in `key`, or `longName` when `key` is 0.
    package static func name(key: UInt64, longName: String?) -> String {
        guard key != 0 else { return longName ?? "" }
        var packed = key.littleEndian  // byte i of the name sits at bits 8i..8i+7
        let length = Int(key >> 56)
        return withUnsafeBytes(of: &packed) { String(decoding: $0.prefix(length), as: UTF8.self) }
    }

    /// Whether this member's name is `name`, whose ``shortKey(_:)`` is `key`: equal keys when
    /// packed, equal UTF-8 bytes when long (never `String`'s canonical equivalence).
    @inline(__always)
    package func hasName(_ name: String, key: UInt64) -> Bool {
        guard self.key == key else { return false }
        return key != 0 || (self.longName ?? "").hasSameUTF8(as: name)
    }

    /// The length in the top byte and up to 7 bytes below it; 0 for an empty or longer name.
    @inline(__always)
    package static func shortKey(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard (1...7).contains(bytes.count) else { return 0 }
        var key = UInt64(bytes.count) << 56
        for offset in 0..<bytes.count { key |= UInt64(bytes[offset]) << (offset * 8) }
        return key
    }

    /// ``shortKey(_:)`` of a name's UTF-8 bytes.
    @inline(__always)
    package static func shortKey(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { shortKey(UnsafeRawBufferPointer($0)) }
    }

    /// ``shortKey(_:)`` of an ASCII name known at compile time.
    package static func shortKey(_ name: StaticString) -> UInt64 {
        shortKey(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }
}
