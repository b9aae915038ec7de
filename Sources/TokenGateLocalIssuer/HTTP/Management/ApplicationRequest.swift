/// The body of `POST applications` and `PUT applications/{clientId}`: `name`, and `type` when
/// registering.
struct ApplicationRequest: Decodable {
    /// The application's name (1–50 characters).
    let name: String?
    /// `regularwebapp` or `singlepageapp`.
    let type: String?
}
