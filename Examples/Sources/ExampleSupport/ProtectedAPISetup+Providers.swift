import ArgumentParser
import TokenGate
import TokenGateHTTPClient

extension ProtectedAPISetup {
    /// The provider named by the environment variable `PROVIDER`, if set.
    /// - Throws: `ValidationError` for a name that is not a provider.
    static func environmentProvider() throws -> ProviderOption? {
        guard let name = Self.environment("PROVIDER") else { return nil }
        guard let provider = ProviderOption(rawValue: name) else {
            let names = ProviderOption.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("PROVIDER must be one of \(names), got \"\(name)\"")
        }
        return provider
    }

    /// The strategy for `provider`'s preset, from its options (each flag, else its environment
    /// variable, read only for the chosen provider).
    /// - Throws: `ValidationError` naming every missing option, or a malformed one.
    static func preset(
        _ provider: ProviderOption,
        options: ServerOptions,
        port: Int,
        leeway: Int?,
        accessTokenTypes: [String],
        fetcher: HTTPJWKSFetcher,
        framework: String
    ) throws -> ProtectedAPISetup {
        var missing: [String] = []
        func value(_ flag: String?, _ variable: String) -> String? { flag ?? Self.environment(variable) }
        func list(_ flag: [String], _ variable: String) -> [String] {
            guard flag.isEmpty else { return flag }
            guard let text = Self.environment(variable) else { return [] }
            return text.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        }
        /// The value, or "" after noting the option as missing (nothing is built before `check`).
        func need(_ value: String?, _ option: String, _ variable: String, _ meaning: String) -> String {
            if let value { return value }
            missing.append("\(option) (env \(variable)): \(meaning)")
            return ""
        }
        func check() throws {
            guard missing.isEmpty else {
                throw ValidationError("--provider \(provider.rawValue) needs \(missing.joined(separator: "; "))")
            }
        }
        let audiences = list(options.audience, "AUDIENCE")
        func needAudience(_ meaning: String) {
            if audiences.isEmpty { missing.append("--audience (env AUDIENCE): \(meaning)") }
        }
        // The command line's leeway, and every --audience when a preset takes one.
        let configure: (inout TokenVerifier.Configuration) -> Void = { rules in
            if let leeway { rules.leeway = .seconds(leeway) }
            if audiences.count > 1, rules.audience.audiences != nil { rules.audience = .oneOf(audiences) }
        }

        let issuer: IssuerVerifier
        switch provider {
        case .appid:
            throw ValidationError("--provider appid is set up without a preset")
        case .oidc:
            let jwksURL = value(options.jwksURL, "JWKS_URL")
            let discoveryURL = value(options.discoveryURL, "DISCOVERY_URL")
            let name = need(
                value(options.issuer, "ISSUER") ?? discoveryURL.map(Self.issuer(fromDiscoveryURL:)),
                "--issuer",
                "ISSUER",
                "the exact iss of the tokens"
            )
            needAudience("the value your tokens carry in aud")
            try check()
            if let jwksURL {
                let rules = TokenVerifier.Configuration(issuer: name, audience: .oneOf(audiences))
                issuer = .preset(rules: rules, source: .jwks(url: jwksURL), fetcher: fetcher, configure: configure)
            } else if let discoveryURL {
                let rules = TokenVerifier.Configuration(issuer: name, audience: .oneOf(audiences))
                issuer = .preset(rules: rules, source: .discovery(url: discoveryURL, issuer: name), fetcher: fetcher, configure: configure)
            } else {
                issuer = .oidc(issuer: name, audiences: Set(audiences), fetcher: fetcher, configure: configure)
            }
        case .entra:
            let tenants = list(options.tenant, "TENANT")
            if tenants.isEmpty, !options.anyTenant {
                missing.append("--tenant (env TENANT): your directory (tenant) ID, or --any-tenant for a multi-tenant application")
            }
            if !tenants.isEmpty, options.anyTenant { throw ValidationError("give either --tenant or --any-tenant, not both") }
            needAudience("your API's client ID (v2 tokens) or App ID URI (v1 tokens)")
            let version = try Self.entraVersion(value(options.entraVersion, "ENTRA_VERSION"))
            try check()
            let accepted: IssuerTenants = options.anyTenant ? .any : .oneOf(Set(tenants))
            issuer = .entra(tenants: accepted, audiences: Set(audiences), version: version, fetcher: fetcher, configure: configure)
        case .auth0:
            let domain = need(value(options.domain, "DOMAIN"), "--domain", "DOMAIN", "your tenant's domain, such as example.eu.auth0.com")
            needAudience("your API's identifier")
            try check()
            let host = try Self.hostName(domain)
            issuer = .auth0(domain: host, audience: audiences[0], fetcher: fetcher, configure: configure)
        case .okta:
            let domain = need(value(options.domain, "DOMAIN"), "--domain", "DOMAIN", "your Okta domain, such as example.okta.com")
            needAudience("the authorization server's audience, such as api://default")
            try check()
            let host = try Self.hostName(domain)
            issuer = .okta(
                domain: host,
                authorizationServer: value(options.authorizationServer, "AUTHORIZATION_SERVER") ?? "default",
                audience: audiences[0],
                fetcher: fetcher,
                configure: configure
            )
        case .keycloak:
            let baseURL = need(value(options.baseURL, "BASE_URL"), "--base-url", "BASE_URL", "the server, such as https://sso.example.com")
            let realm = need(value(options.realm, "REALM"), "--realm", "REALM", "the realm")
            let clientID = need(value(options.clientID, "CLIENT_ID"), "--client-id", "CLIENT_ID", "your client, whose roles are read")
            try check()
            issuer = .keycloak(baseURL: baseURL, realm: realm, clientID: clientID, audience: audiences.first, fetcher: fetcher, configure: configure)
        case .cognito:
            let region = need(value(options.region, "REGION"), "--region", "REGION", "the AWS region, such as eu-west-1")
            let userPool = need(value(options.userPool, "USER_POOL"), "--user-pool", "USER_POOL", "the user pool ID")
            let clientID = need(value(options.clientID, "CLIENT_ID"), "--client-id", "CLIENT_ID", "the app client ID")
            let tokenUse = try Self.tokenUse(value(options.tokenUse, "TOKEN_USE"))
            try check()
            issuer = .cognito(region: region, userPoolID: userPool, clientID: clientID, tokenUse: tokenUse, fetcher: fetcher, configure: configure)
        case .google:
            let clientID = need(value(options.clientID, "CLIENT_ID"), "--client-id", "CLIENT_ID", "your OAuth client ID")
            try check()
            issuer = .google(clientID: clientID, fetcher: fetcher, configure: configure)
        case .firebase:
            let project = need(value(options.project, "PROJECT"), "--project", "PROJECT", "the Firebase project ID")
            try check()
            issuer = .firebase(projectID: project, fetcher: fetcher, configure: configure)
        }

        var configuration = APIStrategy.Configuration()
        configuration.name = "example"
        if !accessTokenTypes.isEmpty { configuration.accessTokenTypes = Set(accessTokenTypes) }
        let base = "http://127.0.0.1:\(port)"
        let source = "\(provider.displayName), issuer \(issuer.issuer), keys from \(issuer.keys.configuration.source.url)"
        return ProtectedAPISetup(
            port: port,
            strategy: APIStrategy(issuer: issuer, configuration: configuration),
            fetcher: fetcher,
            embeddedIssuer: nil,
            banner: Self.banner(framework, base, source),
            issuerTask: nil
        )
    }

    /// `--entra-version`: v1 or v2 (default v2).
    private static func entraVersion(_ text: String?) throws -> IssuerVerifier.EntraVersion {
        switch text?.lowercased() {
        case nil, "v2"?, "2"?, "2.0"?: .v2
        case "v1"?, "1"?, "1.0"?: .v1
        case let other?: throw ValidationError("--entra-version must be v1 or v2, got \"\(other)\"")
        }
    }

    /// `--token-use`: access or id (default access).
    private static func tokenUse(_ text: String?) throws -> IssuerVerifier.CognitoTokenUse {
        switch text {
        case nil, "access"?: .access
        case "id"?: .identity
        case let other?: throw ValidationError("--token-use must be access or id, got \"\(other)\"")
        }
    }

    /// A domain as the presets take it: a host name, without scheme or path.
    private static func hostName(_ domain: String) throws -> String {
        guard !domain.isEmpty, !domain.contains("/"), !domain.contains(":") else {
            throw ValidationError("--domain is a host name such as example.eu.auth0.com, without https:// or a path; got \"\(domain)\"")
        }
        return domain
    }
}
