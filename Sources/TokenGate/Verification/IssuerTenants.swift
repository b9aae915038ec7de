/// Which tenants a multi-tenant issuer template accepts (Microsoft Entra ID's
/// `https://login.microsoftonline.com/{tenantid}/v2.0`): the token's `tid` fills the template,
/// and must be one of these tenants.
///
/// ```swift
/// var rules = TokenVerifier.Configuration(issuer: "https://login.microsoftonline.com/{tenantid}/v2.0", audience: .oneOf([apiClientID]))
/// rules.issuerTenants = .oneOf(["72f988bf-86f1-41af-91ab-2d7cd011db47"])
/// ```
public struct IssuerTenants: Sendable, Hashable {
    enum Backing: Sendable, Hashable {
        case any
        case oneOf(Set<String>)
    }

    let backing: Backing

    /// Any tenant (a multi-tenant application open to every organization) whose ID is a GUID
    /// (`8-4-4-4-12` hexadecimal digits), as Microsoft's documentation asks ("Validate that the
    /// `tid` claim is a GUID").
    public static let any = IssuerTenants(backing: .any)

    /// Only these tenant IDs (compared by their exact bytes).
    public static func oneOf(_ tenants: Set<String>) -> IssuerTenants {
        IssuerTenants(backing: .oneOf(tenants))
    }

    /// The placeholder in the issuer template.
    public static let placeholder = "{tenantid}"

    /// Whether `tenant` is accepted. A tenant ID is never empty and holds no `/`, so it cannot
    /// reach outside its place in the template; with ``any`` it must be a GUID.
    func accepts(_ tenant: String) -> Bool {
        guard !tenant.isEmpty, !tenant.utf8.contains(UInt8(ascii: "/")) else { return false }
        switch self.backing {
        case .any: return Self.isGUID(tenant)
        case .oneOf(let tenants): return tenants.contains { $0.hasSameUTF8(as: tenant) }
        }
    }

    /// Whether `text` is `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hexadecimal digits.
    static func isGUID(_ text: String) -> Bool {
        guard text.utf8.count == 36 else { return false }
        for (index, byte) in text.utf8.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
                else { return false }
            }
        }
        return true
    }
}
