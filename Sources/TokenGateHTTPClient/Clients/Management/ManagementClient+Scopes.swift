extension ManagementClient {
    /// `PUT /applications/<clientId>/scopes`'s body, and its answer.
    struct Scopes: Codable {
        let scopes: [String]
    }
}
