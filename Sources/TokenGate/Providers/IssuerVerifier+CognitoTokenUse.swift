extension IssuerVerifier {
    /// Which Amazon Cognito token a verifier accepts (`token_use`).
    public struct CognitoTokenUse: Sendable, Hashable {
        let value: String

        /// Access tokens: no `aud`; `client_id` names the app client.
        public static let access = CognitoTokenUse(value: "access")
        /// Identity tokens: `aud` is the app client ID.
        public static let identity = CognitoTokenUse(value: "id")
    }
}
