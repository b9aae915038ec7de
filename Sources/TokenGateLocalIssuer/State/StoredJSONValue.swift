import TokenGate

/// A profile attribute's value (any JSON) as `Codable`. Numbers are kept as 64-bit integers
/// when they are integers, as `Double` otherwise.
struct StoredJSONValue: Codable {
    let value: JSONValue

    init(_ value: JSONValue) {
        self.value = value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self.value = .null
        } else if let bool = try? container.decode(Bool.self) {
            self.value = .bool(bool)
        } else if let integer = try? container.decode(Int64.self) {
            self.value = .number(JSONNumber(integer))
        } else if let double = try? container.decode(Double.self), let number = JSONNumber(double) {
            self.value = .number(number)
        } else if let string = try? container.decode(String.self) {
            self.value = .string(string)
        } else if let array = try? container.decode([StoredJSONValue].self) {
            self.value = .array(array.map(\.value))
        } else {
            self.value = .object(try container.decode([String: StoredJSONValue].self).mapValues(\.value))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self.value {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .number(let number):
            if let integer = Int64(number.literal) {
                try container.encode(integer)
            } else if let double = number.doubleValue, double.isFinite {
                try container.encode(double)
            } else {
                throw EncodingError.invalidValue(number.literal, .init(codingPath: encoder.codingPath, debugDescription: "not a finite number"))
            }
        case .string(let string): try container.encode(string)
        case .array(let array): try container.encode(array.map(StoredJSONValue.init))
        case .object(let object): try container.encode(object.mapValues(StoredJSONValue.init))
        }
    }
}
