public import Crypto
import TokenGate
public import _CryptoExtras

/// How the client proves who it is to the token, revocation and introspection endpoints
/// (OpenID Connect Core §9, RFC 6749 §2.3, RFC 7523 §2.2).
///
/// - ``clientSecretBasic(_:)``: HTTP Basic with the form-encoded client ID and secret;
/// - ``clientSecretPost(_:)``: `client_id` and `client_secret` in the form body;
/// - ``privateKeyJWT(es256:keyID:lifetime:audience:)`` / ``privateKeyJWT(rs256:keyID:lifetime:audience:)``: a
///   short-lived JWT signed with the client's own key (the provider holds only the public key);
/// - ``none``: a public client (only `client_id`; the code grant then relies on PKCE).
///
/// ```swift
/// let key = P256.Signing.PrivateKey()   // register key.publicKey with the provider as a JWK
/// let manager = try await TokenManager.discover(
///     issuer: "https://id.example.com", clientID: "my-app",
///     authentication: .privateKeyJWT(es256: key, keyID: "key-1"))
/// ```
public struct ClientAuthentication: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    fileprivate enum Backing: Sendable {
        case basic(secret: String)
        case appIDBasic(authorization: String)
        case post(secret: String)
        case jwt(ClientAssertionSigner, keyID: String, lifetime: Duration, audience: String?)
        case none
    }

    fileprivate let backing: Backing

    /// `client_secret_basic`: `Authorization: Basic base64(form(clientID) ":" form(secret))`
    /// (RFC 6749 §2.3.1 form-encodes both before base64).
    /// - Parameter secret: The client secret.
    public static func clientSecretBasic(_ secret: String) -> ClientAuthentication {
        ClientAuthentication(backing: .basic(secret: secret))
    }

    /// App ID's client authentication: ``TokenGate/AppIDCredentials/basicAuthorization``,
    /// `Basic base64(clientId:secret)` with the ID and secret as they are, as App ID's SDKs and
    /// its documentation's `curl` commands send them.
    static func appIDBasic(_ credentials: AppIDCredentials) -> ClientAuthentication {
        ClientAuthentication(backing: .appIDBasic(authorization: credentials.basicAuthorization))
    }

    /// `client_secret_post`: `client_id` and `client_secret` in the form body.
    /// - Parameter secret: The client secret.
    public static func clientSecretPost(_ secret: String) -> ClientAuthentication {
        ClientAuthentication(backing: .post(secret: secret))
    }

    /// `private_key_jwt` with an ES256 key: each request carries a new JWT (`iss` = `sub` = the
    /// client ID, `aud` = the URL it is sent to unless `audience` is given, a random `jti`,
    /// `exp` after `lifetime`) as `client_assertion`.
    /// - Parameters:
    ///   - key: The client's private key; the provider knows its public key.
    ///   - keyID: The `kid` the provider has the public key under.
    ///   - lifetime: How long an assertion is valid (default 60 s).
    ///   - audience: The assertion's `aud` (default: the URL of the endpoint called, as OpenID
    ///     Connect Core §9 recommends; some providers, Auth0 among them, want their issuer).
    public static func privateKeyJWT(
        es256 key: P256.Signing.PrivateKey,
        keyID: String,
        lifetime: Duration = .seconds(60),
        audience: String? = nil
    ) -> ClientAuthentication {
        ClientAuthentication(backing: .jwt(.es256(key), keyID: keyID, lifetime: lifetime, audience: audience))
    }

    /// `private_key_jwt` with an RS256 key (see ``privateKeyJWT(es256:keyID:lifetime:audience:)``).
    /// - Parameters:
    ///   - key: The client's RSA private key (2048 bits or more).
    ///   - keyID: The `kid` the provider has the public key under.
    ///   - lifetime: How long an assertion is valid (default 60 s).
    ///   - audience: The assertion's `aud` (default: the URL of the endpoint called).
    public static func privateKeyJWT(
        rs256 key: _RSA.Signing.PrivateKey,
        keyID: String,
        lifetime: Duration = .seconds(60),
        audience: String? = nil
    ) -> ClientAuthentication {
        ClientAuthentication(backing: .jwt(.rs256(key), keyID: keyID, lifetime: lifetime, audience: audience))
    }

    /// A public client: only `client_id` in the body, no secret.
    public static let none = ClientAuthentication(backing: .none)

    /// The method's name, and never its secret or key (also for `debugDescription` and `dump`).
    public var description: String { self.methodName }
    /// The method's name (see ``description``).
    public var debugDescription: String { "ClientAuthentication(\(self.methodName))" }
    /// Only the method's name: reflection (`dump`, `Mirror`) shows no secret or key.
    public var customMirror: Mirror { Mirror(self, children: ["method": self.methodName]) }

    /// The method's name in `token_endpoint_auth_methods_supported`.
    public var methodName: String {
        switch self.backing {
        case .basic, .appIDBasic: "client_secret_basic"
        case .post: "client_secret_post"
        case .jwt: "private_key_jwt"
        case .none: "none"
        }
    }

    /// The headers and form fields that authenticate one request to `endpoint`.
    /// - Parameters:
    ///   - clientID: The client ID.
    ///   - endpoint: The endpoint the request goes to (the assertion's `aud`).
    ///   - now: Seconds since the epoch, for the assertion's `iat` and `exp`.
    /// - Throws: ``TokenClientError`` `.invalidClient` when the key cannot sign.
    func credentials(clientID: String, endpoint: String, now: Double) throws(TokenClientError) -> (
        headers: [(String, String)], fields: [(String, String)]
    ) {
        switch self.backing {
        case .basic(let secret):
            let pair = FormEncoding.encode(clientID) + ":" + FormEncoding.encode(secret)
            return ([("Authorization", "Basic " + Base64.encode(Array(pair.utf8)))], [])
        case .appIDBasic(let authorization):
            return ([("Authorization", authorization)], [])
        case .post(let secret):
            return ([], [("client_id", clientID), ("client_secret", secret)])
        case .jwt(let signer, let keyID, let lifetime, let audience):
            let assertion = try signer.assertion(clientID: clientID, audience: audience ?? endpoint, keyID: keyID, now: now, lifetime: lifetime)
            return (
                [],
                [
                    ("client_id", clientID),
                    ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                    ("client_assertion", assertion),
                ]
            )
        case .none:
            return ([], [("client_id", clientID)])
        }
    }
}
