import FoundationEssentials

/// Documents that guard no token (configuration, discovery, session values, state files) are
/// read and written with Foundation's `JSONDecoder` and `JSONEncoder` and small `Codable` types.
/// Tokens and key sets keep the strict parser (``JSONParser``).
///
/// A failure is described by where it is and what is wrong (`AppID[0].credentials.clientId is
/// not a string`), never by the document's values.
package enum JSONDocument {
    /// Why a document did not decode: a short description naming the member at fault.
    package struct Failure: Error, Sendable {
        /// For example "is not valid JSON", "is not a JSON object", "lacks clientId" or
        /// "items[2].scopes is not an array".
        package let description: String
    }

    /// Decodes `bytes` as `T`.
    /// - Throws: ``Failure``, describing the first problem found.
    package static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws(Failure) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw Failure(description: Self.describe(error))
        }
    }

    /// Encodes `value` as compact UTF-8 JSON with sorted member names.
    /// - Throws: `EncodingError` for a value JSON cannot hold (a non-finite number).
    package static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// A description of a decoding error, naming the member by its path.
    package static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "is not valid JSON" }
        switch error {
        case .keyNotFound(let key, let context):
            return "lacks " + Self.path(context.codingPath + [key])
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let what = Self.kind(type)
            return context.codingPath.isEmpty ? "is not \(what)" : "\(Self.path(context.codingPath)) is not \(what)"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "is not valid JSON" }
            return "\(Self.path(context.codingPath)) is not valid"
        @unknown default:
            return "is not valid JSON"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Double.Type, is Int.Type, is Int64.Type: "a number"
        default:
            "\(type)".hasPrefix("Array") ? "an array" : "a JSON object"
        }
    }
}
