public import TokenGate
import TokenGateTesting

/// An issuer with a verified-token cache and one repeated RS256 token, and the request-path
/// strategy over it.
public struct CachedIssuer: Sendable {
    public let issuer: IssuerVerifier
    public let token: String
    let strategy: APIStrategy
    let header: Substring

    public static func make() async throws -> CachedIssuer {
        let contender = try await Contender.make(.rs256, count: 1)
        let fetcher = InMemoryJWKSFetcher()
        let url = "https://issuer.bench/keys"
        fetcher.serve(TestSigningKey.jwksJSON([try contender.signingKey()]), at: url)
        let cache = KeySetCache(configuration: .init(source: .jwks(url: url)), fetcher: fetcher)
        try await cache.refresh()
        let issuer = IssuerVerifier(verifier: contender.verifier, keys: cache, tokenCache: VerifiedTokenCache())
        return CachedIssuer(
            issuer: issuer,
            token: contender.tokens[0],
            strategy: APIStrategy(issuer: issuer),
            header: Substring("Bearer " + contender.tokens[0])
        )
    }

    @inline(never)
    public func verify() async -> Bool {
        (try? await self.issuer.verify(self.token)) != nil
    }

    /// What a request costs the strategy: header parse, cached verification, context, requirement.
    @inline(never)
    public func authorize() async -> Bool {
        if case .authorized = await self.strategy.authorize(authorizationField: self.header, requirement: Self.requirement) { return true }
        return false
    }

    static let requirement = AccessRequirement(allOf: ["read"])
}
