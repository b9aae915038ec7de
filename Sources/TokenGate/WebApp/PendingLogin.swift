import Crypto

/// A login in progress: what the callback must match (`state`), what the identity token must
/// carry (`nonce`), the PKCE verifier, and where the browser goes afterwards. Kept in the
/// server-side session between the redirect to the authorization server and the callback.
public struct PendingLogin: Sendable, Hashable {
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
        self.init(state: Self.random(), nonce: Self.random(), codeVerifier: Self.random(), returnTo: returnTo, startedAt: now.secondsSinceEpoch)
    }

    init(state: String, nonce: String, codeVerifier: String, returnTo: String, startedAt: Double) {
        self.state = state
        self.nonce = nonce
        self.codeVerifier = codeVerifier
        self.returnTo = returnTo
        self.startedAt = startedAt
    }

    /// The PKCE `code_challenge`: base64url(SHA-256(verifier)), method `S256`.
    public var codeChallenge: String {
        Self.challenge(for: self.codeVerifier)
    }

    /// base64url(SHA-256(`verifier`)) (RFC 7636 §4.2).
    public static func challenge(for verifier: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8))))
    }

    /// A compact string for a session store.
    public var encoded: String {
        JSONValue.object([
            "state": .string(self.state), "nonce": .string(self.nonce), "verifier": .string(self.codeVerifier),
            "returnTo": .string(self.returnTo), "startedAt": .number(JSONNumber(self.startedAt) ?? JSONNumber(0)),
        ]).serialized
    }

    /// Reads ``encoded``; `nil` for anything else.
    public init?(encoded: String) {
        guard let object = (try? JSONParser.parse(Array(encoded.utf8), maximumDepth: 2))?.objectValue,
            let state = object["state"]?.stringValue, let nonce = object["nonce"]?.stringValue,
            let verifier = object["verifier"]?.stringValue, let returnTo = object["returnTo"]?.stringValue,
            let startedAt = object["startedAt"]?.doubleValue
        else { return nil }
        self.init(state: state, nonce: nonce, codeVerifier: verifier, returnTo: returnTo, startedAt: startedAt)
    }

    static func random() -> String {
        Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }
}
