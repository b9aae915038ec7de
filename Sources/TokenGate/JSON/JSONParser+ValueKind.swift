extension JSONParser {
    /// What kind of value a member has, for members whose value was checked but not built.
    package enum ValueKind: Sendable, Equatable {
        case null, bool, number, string, array, object

        /// The kind of `value`.
        package init(of value: JSONValue) {
            switch value {
            case .null: self = .null
            case .bool: self = .bool
            case .number: self = .number
            case .string: self = .string
            case .array: self = .array
            case .object: self = .object
            }
        }
    }
}
