/// The App ID binding in a `VCAP_SERVICES` value: the first service (by name) whose name starts
/// with `AppID` or `AdvancedMobileAccess`, and its first instance's `credentials`. Other
/// services are not read.
struct VCAPServices: Decodable {
    /// The App ID service found, if any.
    let appID: (name: String, credentials: AppIDCredentials?)?

    private struct ServiceName: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private enum InstanceKeys: String, CodingKey {
        case credentials
    }

    init(from decoder: any Decoder) throws {
        let services = try decoder.container(keyedBy: ServiceName.self)
        let names = services.allKeys.filter { $0.stringValue.hasPrefix("AppID") || $0.stringValue.hasPrefix("AdvancedMobileAccess") }
        guard let service = names.min(by: { $0.stringValue < $1.stringValue }) else {
            self.appID = nil
            return
        }
        var instances = try services.nestedUnkeyedContainer(forKey: service)
        guard !instances.isAtEnd else {
            self.appID = (service.stringValue, nil)
            return
        }
        let instance = try instances.nestedContainer(keyedBy: InstanceKeys.self)
        self.appID = (service.stringValue, try instance.decode(AppIDCredentials.self, forKey: .credentials))
    }
}
