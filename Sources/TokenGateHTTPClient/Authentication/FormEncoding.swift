import TokenGate

/// `application/x-www-form-urlencoded` values (the WHATWG serializer: unreserved characters as
/// they are, space as `+`, every other byte of the UTF-8 as `%XX`).
enum FormEncoding {
    /// One value.
    static func encode(_ text: String) -> String {
        PercentEncoding.encode(text, spaceAsPlus: true)
    }

    /// A form body from fields in their order.
    static func body(_ fields: [(String, String)]) -> String {
        fields.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
    }
}
