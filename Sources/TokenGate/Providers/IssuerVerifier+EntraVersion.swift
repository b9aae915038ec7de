extension IssuerVerifier {
    /// Which issuer form Microsoft Entra ID puts in its tokens: the application's
    /// `accessTokenAcceptedVersion` decides (v1.0 `https://sts.windows.net/{tid}/`, v2.0
    /// `https://login.microsoftonline.com/{tid}/v2.0`). Each version's keys come from its own
    /// metadata, as Microsoft's page on validating tokens asks.
    public struct EntraVersion: Sendable, Hashable {
        let issuerTemplate: String
        /// The keys path below `https://login.microsoftonline.com/{tenant or common}/`.
        let keysPath: String

        /// v1.0 tokens: `iss` is `https://sts.windows.net/{tid}/`; keys at `…/discovery/keys`.
        public static let v1 = EntraVersion(issuerTemplate: "https://sts.windows.net/{tenantid}/", keysPath: "discovery/keys")
        /// v2.0 tokens: `iss` is `https://login.microsoftonline.com/{tid}/v2.0`; keys at
        /// `…/discovery/v2.0/keys`.
        public static let v2 = EntraVersion(
            issuerTemplate: "https://login.microsoftonline.com/{tenantid}/v2.0",
            keysPath: "discovery/v2.0/keys"
        )
    }
}
