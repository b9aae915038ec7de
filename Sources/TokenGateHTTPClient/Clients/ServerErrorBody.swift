/// The error members of an unsuccessful answer: OAuth's `error` and `error_description`
/// (RFC 6749 section 5.2), App ID's `error_code`, and the Management API's `message`. A member
/// of another type is ignored: the status still decides the error.
struct ServerErrorBody: Decodable {
    let error: String?
    let errorCode: String?
    let errorDescription: String?
    let message: String?

    enum CodingKeys: String, CodingKey {
        case error
        case errorCode = "error_code"
        case errorDescription = "error_description"
        case message
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func string(_ key: CodingKeys) -> String? { (try? container.decodeIfPresent(String.self, forKey: key)) ?? nil }
        self.error = string(.error)
        self.errorCode = string(.errorCode)
        self.errorDescription = string(.errorDescription)
        self.message = string(.message)
    }
}
