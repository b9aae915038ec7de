public import TokenGate
import TokenGateTesting

/// A key-set cache filled from memory, for timing the hot-path lookup.
public struct KeyLookup: Sendable {
    let cache: KeySetCache
    let keyID: String

    public static func make(contender: Contender) async throws -> KeyLookup {
        let fetcher = InMemoryJWKSFetcher()
        let url = "https://issuer.bench/keys"
        let key = try contender.signingKey()
        fetcher.serve(TestSigningKey.jwksJSON([key]), at: url)
        let cache = KeySetCache(configuration: .init(source: .jwks(url: url)), fetcher: fetcher)
        try await cache.refresh()
        return KeyLookup(cache: cache, keyID: key.keyID!)
    }

    @inline(never)
    public func find() -> Bool {
        self.cache.snapshot?.keys.contains(keyID: self.keyID) ?? false
    }
}
