extension JSONValue {
    /// The compact JSON text of this value, with object members sorted by name so the output
    /// is deterministic.
    public var serialized: String {
        var output = ""
        self.write(to: &output)
        return output
    }

    /// The compact JSON text as UTF-8 bytes.
    public var serializedBytes: [UInt8] {
        Array(self.serialized.utf8)
    }

    private func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let number): output += number.literal
        case .string(let string): Self.writeString(string, to: &output)
        case .array(let elements):
            output += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (offset, name) in members.keys.sorted().enumerated() {
                if offset > 0 { output += "," }
                Self.writeString(name, to: &output)
                output += ":"
                members[name]!.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
