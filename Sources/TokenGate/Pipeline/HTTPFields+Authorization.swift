public import HTTPTypes

extension HTTPFields {
    /// The `Authorization` field value, or `nil` when there is none. Several `Authorization`
    /// fields are joined with `", "` (RFC 9110 §5.3), which ``BearerCredentials`` refuses as
    /// malformed.
    ///
    /// The usual single field is found with a scan of the fields; the `String` subscript of
    /// `HTTPFields` would join the values in generic code on every request.
    public var authorizationField: Substring? {
        var found: Substring?
        for field in self where field.name == .authorization {
            guard found == nil else { return self[.authorization].map { $0[...] } }
            found = field.value[...]
        }
        return found
    }
}
