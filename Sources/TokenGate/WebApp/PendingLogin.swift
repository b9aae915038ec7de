import Crypto

/// A login in progress: what the callback must match (`state`), what the identity token must
/// carry (`nonce`), the PKCE verifier, and where the browser goes afterwards. Kept in the
/// server-side session between the redirect to the authorization server and the callback.
/// Its `Codable` form is ``encoded``: `state`, `nonce`, `verifier`, `returnTo`, `startedAt`.
public struct PendingLogin: Sendable, Hashable, Codable {
    private enum CodingKeys: String, CodingKey {
        case state, nonce, returnTo, startedAt
        case codeVerifier = "verifier"
    }

    /// The `state` sent with the authorization request (256 random bits).
    public let state: String
    /// The `nonce` sent with the authorization request (256 random bits).
    public let nonce: String
    /// The PKCE `code_verifier` (RFC 7636, 256 random bits, 43 characters).
    public let codeVerifier: String
    /// The local path to return to after the login.
    public let returnTo: String
    /// When the login started (seconds since the epoch).
    public let startedAt: Double

    /// Creates a login with fresh random values.
    /// - Parameters:
    ///   - returnTo: A local path (see ``WebAppStrategy/safeReturnPath(_:)``).
    ///   - now: The start time.
    public init(returnTo: String, now: NumericDate) {
        self.init(
            state: Base64URL.random(),
            nonce: Base64URL.random(),
            codeVerifier: Base64URL.random(),
            returnTo: returnTo,
            startedAt: now.secondsSinceEpoch
        )
    }

    init(state: String, nonce: String, codeVerifier: String, returnTo: String, startedAt: Double) {
        self.state = state
        self.nonce = nonce
        self.codeVerifier = codeVerifier
        self.returnTo = returnTo
        self.startedAt = startedAt.isFinite ? startedAt : 0
    }

    /// The PKCE `code_challenge`: base64url(SHA-256(verifier)), method `S256`.
    public var codeChallenge: String {
        Self.challenge(for: self.codeVerifier)
    }

    /// base64url(SHA-256(`verifier`)) (RFC 7636 §4.2).
    public static func challenge(for verifier: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8))))
    }

    /// A compact string for a session store: this value's JSON (see ``encode(to:)``).
    public var encoded: String {
        // Cannot fail (every member is a string or a finite number); "{}" would read as no login.
        String(decoding: (try? JSONDocument.encode(self)) ?? Array("{}".utf8), as: UTF8.self)
    }

    /// Reads ``encoded``; `nil` for anything else.
    public init?(encoded: String) {
        guard let login = try? JSONDocument.decode(PendingLogin.self, from: Array(encoded.utf8)) else { return nil }
        self = login
    }
}
