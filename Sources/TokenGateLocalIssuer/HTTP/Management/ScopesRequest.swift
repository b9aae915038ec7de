/// The body of `PUT applications/{clientId}/scopes`: `{"scopes":[…]}`.
struct ScopesRequest: Decodable {
    /// The scopes the application's tokens may carry.
    let scopes: [String]
}
