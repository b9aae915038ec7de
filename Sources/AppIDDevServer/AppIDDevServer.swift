import ArgumentParser
import Logging
import TokenGate
import TokenGateLocalIssuer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `appid-dev-server`: the local App ID-compatible issuer as a command.
@main
struct AppIDDevServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appid-dev-server",
        abstract: "A local issuer that behaves like IBM Cloud App ID: register applications, add users, get tokens.",
        discussion: """
            Serves, for each tenant, the OAuth endpoints below /oauth/v4/<tenantId> (token, publickeys,
            .well-known/openid-configuration, userinfo, introspect, revoke) and the management API below
            /management/v4/<tenantId> (applications, cloud_directory/Users, config/keys/rotate), which
            needs the admin token as a Bearer token. Without --state-dir everything lives in memory.
            """
    )

    @Option(help: "The address to bind.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8081

    @Option(help: "The base URL put in tokens and documents, when clients reach the server under another name (default http://<host>:<port>).")
    var publicURL: String?

    @Option(help: "A folder for applications, users, keys and refresh tokens (kept across restarts); in memory when omitted.")
    var stateDir: String?

    @Option(help: "A tenant to serve (repeatable; default dev-tenant).")
    var tenantId: [String] = []

    @Option(
        help: ArgumentHelp(
            "The management API's Bearer token (at least 16 characters); generated and printed when omitted, never printed when given.",
            discussion:
                "Also read from the environment variable APPID_DEV_SERVER_ADMIN_TOKEN, which other users of the machine cannot list as they can a command line."
        )
    )
    var adminToken: String?

    @Option(help: "Lifetime of access and identity tokens, in seconds.")
    var tokenLifetime: Int = 3600

    @Option(help: "Lifetime of refresh tokens, in seconds.")
    var refreshTokenLifetime: Int = 30 * 86_400

    @Option(help: "A user for the password grant, as email:password (repeatable).")
    var user: [String] = []

    @Option(help: "PBKDF2-HMAC-SHA256 rounds for new password hashes.")
    var passwordHashRounds: Int = 600_000

    @Flag(help: "Rotate every tenant's signing key at start (the key published in advance starts signing).")
    var rotateKeys = false

    @Option(help: "Rotate every tenant's signing key every this many seconds.")
    var rotateEvery: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard (1...65535).contains(self.port) else { throw ValidationError("--port must be 1–65535") }
        guard self.tokenLifetime >= 60, self.tokenLifetime <= 86_400 else { throw ValidationError("--token-lifetime must be 60–86400 seconds") }
        guard self.refreshTokenLifetime >= 60 else { throw ValidationError("--refresh-token-lifetime must be at least 60 seconds") }
        guard self.passwordHashRounds >= 1_000 else { throw ValidationError("--password-hash-rounds must be at least 1000") }
        if let rotateEvery, rotateEvery < 60 { throw ValidationError("--rotate-every must be at least 60 seconds") }
        for entry in self.user where !entry.contains(":") { throw ValidationError("--user takes email:password, got \"\(entry)\"") }
        guard Logger.Level(rawValue: self.logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        #if Hummingbird
        LoggingSystem.bootstrap(StreamLogHandler.standardOutput)
        var logger = Logger(label: "appid-dev-server")
        logger.logLevel = Logger.Level(rawValue: self.logLevel) ?? .info

        var configuration = LocalIssuer.Configuration()
        configuration.host = self.host
        configuration.port = self.port
        configuration.publicBaseURL = self.publicURL
        configuration.stateDirectory = self.stateDir
        if !self.tenantId.isEmpty { configuration.tenantIDs = self.tenantId }
        configuration.adminToken =
            self.adminToken ?? getenv("APPID_DEV_SERVER_ADMIN_TOKEN").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        configuration.accessTokenLifetime = .seconds(self.tokenLifetime)
        configuration.refreshTokenLifetime = .seconds(self.refreshTokenLifetime)
        configuration.passwordHashRounds = self.passwordHashRounds
        configuration.users = self.user.map { entry in
            let colon = entry.firstIndex(of: ":")!
            return .init(email: String(entry[..<colon]), password: String(entry[entry.index(after: colon)...]))
        }
        let issuer: LocalIssuer
        do {
            issuer = try LocalIssuer(configuration: configuration, logger: logger)
        } catch {
            throw ValidationError(error.message)
        }
        if self.rotateKeys {
            for tenant in configuration.tenantIDs { try issuer.rotateKeys(tenantID: tenant) }
        }
        let tenants = configuration.tenantIDs
        let adminTokenGiven = configuration.adminToken != nil
        let rotateEvery = self.rotateEvery
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await issuer.run() }
            let base = try await issuer.waitUntilRunning()
            self.printBanner(issuer, base: base, tenants: tenants, adminTokenGiven: adminTokenGiven)
            fflush(nil)  // the banner reaches a pipe at once
            if let rotateEvery {
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(rotateEvery))
                        for tenant in tenants { try issuer.rotateKeys(tenantID: tenant) }
                    }
                }
            }
        }
        #else
        throw ValidationError("appid-dev-server needs the package's Hummingbird trait")
        #endif
    }

    #if Hummingbird
    private func printBanner(_ issuer: LocalIssuer, base: String, tenants: [String], adminTokenGiven given: Bool) {
        // Printed only when generated here; a token the user gave stays out of the output (and its logs).
        let admin = given ? "$ADMIN_TOKEN" : issuer.adminToken ?? "$ADMIN_TOKEN"
        let adminLine =
            given
            ? "the one given (use it as $ADMIN_TOKEN below)"
            : issuer.adminToken ?? "printed at the first start, stored only as a digest (use it as $ADMIN_TOKEN below)"
        print("appid-dev-server listening on \(base)")
        for tenant in tenants {
            print(
                """

                tenant \(tenant)
                  oAuthServerUrl     \(base)/oauth/v4/\(tenant)
                  discovery          \(base)/oauth/v4/\(tenant)/.well-known/openid-configuration
                  management API     \(base)/management/v4/\(tenant)
                """
            )
        }
        let tenant = tenants[0]
        print(
            """

            admin token: \(adminLine)
            state: \(self.stateDir ?? "in memory (pass --state-dir to keep it)")

            Register an application (client ID and secret), as in App ID's documentation:
              curl -X POST \(base)/management/v4/\(tenant)/applications/ \\
                -H 'Content-Type: application/json' \\
                -H "Authorization: Bearer \(admin)" \\
                -d '{"name": "ApplicationName"}'

            Add a user for the password grant:
              curl -X POST \(base)/management/v4/\(tenant)/cloud_directory/Users \\
                -H 'Content-Type: application/json' -H "Authorization: Bearer \(admin)" \\
                -d '{"email": "testuser@test.com", "password": "testuser", "name": "Test User"}'

            Obtain tokens (Resource Owner Password):
              curl -X POST '\(base)/oauth/v4/\(tenant)/token' \\
                -H 'Authorization: Basic '"$(printf '%s' '<clientID>:<clientSecret>' | base64 -w0)" \\
                -H 'Accept: application/json' \\
                -F 'grant_type=password' \\
                -F 'username=testuser@test.com' \\
                -F 'password=testuser'
            """
        )
    }
    #endif
}
