import Crypto

/// The tokens of a logged-in browser session, as raw strings for a server-side session store
/// (never a cookie: the session cookie holds only the session's id), and the session's logout
/// token, which the logout form must send back (so another site cannot log the user out).
/// Its `Codable` form is ``encoded``: `access`, `identity`, `refresh` (when issued), `logout`,
/// and for an opaque access token (``AccessTokenFormat/opaque``) `accessExpires` and `scope`
/// from the token response, when it gave them.
public struct WebSessionTokens: Sendable, Hashable, Codable {
    private enum CodingKeys: String, CodingKey {
        case accessToken = "access"
        case identityToken = "identity"
        case refreshToken = "refresh"
        case logoutToken = "logout"
        case accessTokenExpiresAt = "accessExpires"
        case scope
    }

    /// The access token.
    public let accessToken: String
    /// The identity token.
    public let identityToken: String
    /// The refresh token, when the server issued one.
    public let refreshToken: String?
    /// The session's CSRF token for logging out (256 random bits, base64url): pages put it in
    /// their logout form (``WebAppStrategy/logoutForm(_:paths:)``), and a logout without it
    /// is refused. It stays the same when the tokens are refreshed.
    public let logoutToken: String
    /// For an opaque access token: when it expires (seconds since the epoch, from the token
    /// response's `expires_in`), when the response said.
    public let accessTokenExpiresAt: Double?
    /// For an opaque access token: the granted scopes (the token response's `scope`), when the
    /// response said.
    public let scope: String?

    /// Creates session tokens.
    /// - Parameters:
    ///   - accessToken: The access token.
    ///   - identityToken: The identity token.
    ///   - refreshToken: The refresh token, when issued.
    ///   - logoutToken: The session's logout token (default: a new random one).
    ///   - accessTokenExpiresAt: For an opaque access token, when it expires.
    ///   - scope: For an opaque access token, the granted scopes.
    public init(
        accessToken: String,
        identityToken: String,
        refreshToken: String?,
        logoutToken: String? = nil,
        accessTokenExpiresAt: Double? = nil,
        scope: String? = nil
    ) {
        self.accessToken = accessToken
        self.identityToken = identityToken
        self.refreshToken = refreshToken
        self.logoutToken = logoutToken ?? Base64URL.random()
        self.accessTokenExpiresAt = accessTokenExpiresAt.flatMap { $0.isFinite ? $0 : nil }
        self.scope = scope
    }

    /// A compact string for a session store: this value's JSON (see ``encode(to:)``).
    public var encoded: String {
        // Cannot fail (every member is a string); "{}" would read as no session.
        String(decoding: (try? JSONDocument.encode(self)) ?? Array("{}".utf8), as: UTF8.self)
    }

    /// Reads ``encoded``; `nil` for anything else.
    public init?(encoded: String) {
        guard let tokens = try? JSONDocument.decode(WebSessionTokens.self, from: Array(encoded.utf8)) else { return nil }
        self = tokens
    }

    /// Reads `access`, `identity`, and `refresh`, `logout`, `scope` (strings) and
    /// `accessExpires` (a number) when present. A session
    /// stored before logout tokens existed gets one derived from its identity token: as secret
    /// as the session itself, and the same on every read.
    /// - Throws: `DecodingError` for a missing or mistyped member.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let identity = try container.decode(String.self, forKey: .identityToken)
        self.init(
            accessToken: try container.decode(String.self, forKey: .accessToken),
            identityToken: identity,
            refreshToken: try container.decodeIfPresent(String.self, forKey: .refreshToken),
            logoutToken: try container.decodeIfPresent(String.self, forKey: .logoutToken)
                ?? Base64URL.encode(Array(SHA256.hash(data: Array(("logout:" + identity).utf8)))),
            accessTokenExpiresAt: try container.decodeIfPresent(Double.self, forKey: .accessTokenExpiresAt),
            scope: try container.decodeIfPresent(String.self, forKey: .scope)
        )
    }
}
