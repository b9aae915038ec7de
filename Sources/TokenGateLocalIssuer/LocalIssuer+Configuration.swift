extension LocalIssuer {
    /// What the local issuer serves and how it keeps its state.
    ///
    /// ```swift
    /// var configuration = LocalIssuer.Configuration()
    /// configuration.port = 9000
    /// configuration.stateDirectory = ".appid-dev"     // survive restarts
    /// configuration.users = [.init(email: "ada@example.com", password: "correct horse")]
    /// ```
    public struct Configuration: Sendable {
        /// A user created at start when no user with that email exists.
        public struct UserSeed: Sendable, Hashable {
            /// The login name.
            public var email: String
            /// The password (hashed before it is stored).
            public var password: String
            /// The display name (default: the part of the email before `@`).
            public var name: String?

            /// Creates a seed.
            public init(email: String, password: String, name: String? = nil) {
                self.email = email
                self.password = password
                self.name = name
            }
        }

        /// The address the server binds (default `127.0.0.1`).
        public var host: String = "127.0.0.1"
        /// The port (default 0: one chosen by the system, see ``LocalIssuer/waitUntilRunning()``).
        public var port: Int = 0
        /// The base URL in tokens and documents (default `http://<host>:<port>`, known once running).
        public var publicBaseURL: String?
        /// Where applications, users, keys and refresh tokens are kept; `nil` keeps them in memory.
        public var stateDirectory: String?
        /// The tenants served (default: one, `dev-tenant`).
        public var tenantIDs: [String] = ["dev-tenant"]
        /// The token that management calls must present as `Bearer`; generated when `nil`
        /// (and then printed once by `appid-dev-server`, kept only as a digest).
        public var adminToken: String?
        /// Lifetime of access and identity tokens (default 1 h, as App ID).
        public var accessTokenLifetime: Duration = .seconds(3600)
        /// Lifetime of refresh tokens (default 30 days, as App ID).
        public var refreshTokenLifetime: Duration = .seconds(30 * 86_400)
        /// PBKDF2-HMAC-SHA256 rounds for new password hashes (default 600 000, OWASP 2023).
        public var passwordHashRounds: Int = 600_000
        /// Failed logins in a row after which a user is locked out (default 5).
        public var maximumFailedLogins: Int = 5
        /// The first lockout; each further failure while counting doubles it, up to 15 min (default 30 s).
        public var lockout: Duration = .seconds(30)
        /// Password checks (PBKDF2, deliberately slow) run at once across all user names
        /// (default 2). A login beyond them is answered at once with `tooManyRequests` and a
        /// one-second `Retry-After`, so guesses under many names cannot queue unbounded work.
        public var maximumConcurrentPasswordChecks: Int = 2
        /// Users created at start.
        public var users: [UserSeed] = []
        /// Scopes every token carries before the requested ones (App ID's defaults).
        public var defaultScopes: [String] = [
            "openid", "appid_default", "appid_readprofile", "appid_readuserattr", "appid_writeuserattr", "appid_authenticated",
        ]
        /// The largest request body read (default 64 KiB); larger ones are answered 413.
        public var maximumBodySize: Int = 64 * 1024

        /// The defaults: one tenant, in memory, a port chosen by the system.
        public init() {}
    }
}
