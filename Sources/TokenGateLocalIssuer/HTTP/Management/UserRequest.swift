/// The body of `POST cloud_directory/Users`: the email as `email`, `emails[0].value` (SCIM) or
/// `userName`; `password`; the name as `name` or `displayName`.
struct UserRequest: Decodable {
    /// One SCIM email entry.
    struct Email: Decodable {
        /// The address.
        let value: String?
    }

    let email: String?
    let emails: [Email]?
    let userName: String?
    let password: String?
    let name: String?
    let displayName: String?

    /// The email, from whichever member carries it.
    var anyEmail: String? { self.email ?? self.emails?.first?.value ?? self.userName }
}
