/// What a client may read from the access tokens its provider issues to it.
///
/// OAuth 2.0 access tokens are meant for the resource server, not for the client: most
/// providers issue opaque strings, or JWTs addressed to an API (`aud` = the API). Only some
/// (App ID) address them to the client itself, so that the client can verify them like its
/// identity token.
///
/// The token client says which its tokens are (``AuthorizationCodeClient/accessTokenFormat``),
/// and the web login reads a session's access token the same way:
///
/// ```swift
/// // only if the provider's access tokens carry aud = the client
/// let tokens = TokenManager(clientID: "my-app", authentication: .clientSecretBasic(secret), endpoints: endpoints,
///                           accessTokenFormat: .addressedToClient)
/// ```
public struct AccessTokenFormat: Sendable, Hashable, CustomStringConvertible {
    private enum Backing: Sendable, Hashable {
        case opaque, addressedToClient
    }

    private let backing: Backing

    /// The client does not read the access token: it is kept as received, with the lifetime
    /// the token response gave (`expires_in`), and vouched for by the verified identity token
    /// (same response, `at_hash` when the provider sends it).
    public static let opaque = AccessTokenFormat(backing: .opaque)
    /// The access token is a JWT addressed to the client (`aud` = the client ID), verified like
    /// the identity token (App ID).
    public static let addressedToClient = AccessTokenFormat(backing: .addressedToClient)

    public var description: String {
        switch self.backing {
        case .opaque: "opaque"
        case .addressedToClient: "addressedToClient"
        }
    }
}
