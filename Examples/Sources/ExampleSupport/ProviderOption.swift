public import ArgumentParser

/// The identity provider whose tokens the example servers accept (`--provider`).
public enum ProviderOption: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// IBM Cloud App ID: `--oauth-server-url`, `--issuer`, `VCAP_SERVICES`, or the embedded issuer.
    case appid
    /// Any OpenID Connect provider: `--issuer` (or `--discovery-url`) and `--audience`.
    case oidc
    /// Microsoft Entra ID: `--tenant` (or `--any-tenant`) and `--audience`.
    case entra
    /// Auth0: `--domain` and `--audience`.
    case auth0
    /// Okta: `--domain` and `--audience` (and `--authorization-server`).
    case okta
    /// Keycloak: `--base-url`, `--realm` and `--client-id` (and `--audience`).
    case keycloak
    /// Amazon Cognito: `--region`, `--user-pool` and `--client-id` (and `--token-use`).
    case cognito
    /// Google: `--client-id`.
    case google
    /// Firebase Authentication: `--project`.
    case firebase

    /// The provider's name, for messages.
    public var displayName: String {
        switch self {
        case .appid: "IBM Cloud App ID"
        case .oidc: "OpenID Connect"
        case .entra: "Microsoft Entra ID"
        case .auth0: "Auth0"
        case .okta: "Okta"
        case .keycloak: "Keycloak"
        case .cognito: "Amazon Cognito"
        case .google: "Google"
        case .firebase: "Firebase"
        }
    }

    /// The options this preset reads, as `--name`.
    public var acceptedOptions: Set<String> {
        switch self {
        case .appid: ["--oauth-server-url", "--issuer", "--jwks-url", "--discovery-url", "--audience", "--tenant-id", "--issuer-port"]
        case .oidc: ["--issuer", "--jwks-url", "--discovery-url", "--audience"]
        case .entra: ["--tenant", "--any-tenant", "--audience", "--entra-version"]
        case .auth0: ["--domain", "--audience"]
        case .okta: ["--domain", "--authorization-server", "--audience"]
        case .keycloak: ["--base-url", "--realm", "--client-id", "--audience"]
        case .cognito: ["--region", "--user-pool", "--client-id", "--token-use"]
        case .google: ["--client-id"]
        case .firebase: ["--project"]
        }
    }

    /// The providers that read `option`, for the message when another was chosen.
    public static func providers(reading option: String) -> [ProviderOption] {
        Self.allCases.filter { $0.acceptedOptions.contains(option) }
    }
}
