import TokenGate

extension ManagementClient {
    /// `GET /applications`'s answer.
    struct Applications: Decodable {
        let applications: [AppIDCredentials]
    }
}
