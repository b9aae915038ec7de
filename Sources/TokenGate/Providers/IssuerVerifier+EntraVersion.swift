extension IssuerVerifier {
    /// Which issuer form Microsoft Entra ID puts in its tokens: the application's
    /// `accessTokenAcceptedVersion` decides (v1.0 `https://sts.windows.net/{tid}/`, v2.0
    /// `https://login.microsoftonline.com/{tid}/v2.0`).
    public struct EntraVersion: Sendable, Hashable {
        let issuerTemplate: String

        /// v1.0 tokens: `iss` is `https://sts.windows.net/{tid}/`.
        public static let v1 = EntraVersion(issuerTemplate: "https://sts.windows.net/{tenantid}/")
        /// v2.0 tokens: `iss` is `https://login.microsoftonline.com/{tid}/v2.0`.
        public static let v2 = EntraVersion(issuerTemplate: "https://login.microsoftonline.com/{tenantid}/v2.0")
    }
}
