/// Where an issuer's keys come from. Always chosen by configuration, never by a token.
///
/// ```swift
/// let appID = KeySource.appID(oauthServerURL: "https://us-south.appid.cloud.ibm.com/oauth/v4/TENANT")
/// let explicit = KeySource.jwks(url: "https://login.example.com/keys")
/// let discovered = KeySource.discovery(issuer: "https://accounts.example.com")
/// ```
public struct KeySource: Sendable, Hashable, CustomStringConvertible {
    enum Backing: Sendable, Hashable {
        case jwks(url: String)
        case discovery(url: String, issuer: String)
    }

    let backing: Backing

    /// An explicit JWKS URL.
    public static func jwks(url: String) -> KeySource {
        KeySource(backing: .jwks(url: url))
    }

    /// App ID's convention: the keys are at `<oauthServerURL>/publickeys`.
    public static func appID(oauthServerURL: String) -> KeySource {
        KeySource(backing: .jwks(url: trimmingSlash(oauthServerURL) + "/publickeys"))
    }

    /// OpenID Connect discovery: `<issuer>/.well-known/openid-configuration` names the
    /// `jwks_uri`; the document's `issuer` must equal `issuer` exactly.
    public static func discovery(issuer: String) -> KeySource {
        KeySource(backing: .discovery(url: trimmingSlash(issuer) + "/.well-known/openid-configuration", issuer: issuer))
    }

    /// Discovery from an explicit document URL; the document's `issuer` must equal `issuer`.
    public static func discovery(url: String, issuer: String) -> KeySource {
        KeySource(backing: .discovery(url: url, issuer: issuer))
    }

    /// The URL fetched first: the JWKS, or the discovery document.
    public var url: String {
        switch self.backing {
        case .jwks(let url), .discovery(let url, _): url
        }
    }

    public var description: String {
        switch self.backing {
        case .jwks(let url): "jwks(\(url))"
        case .discovery(let url, _): "discovery(\(url))"
        }
    }

    private static func trimmingSlash(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
