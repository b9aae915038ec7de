extension ManagementClient {
    /// `POST /applications`'s body.
    struct Registration: Encodable {
        let name: String
        /// Omitted when `nil`.
        let type: String?
    }
}
