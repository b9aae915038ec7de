/// The few unverified values needed to route a token (`alg`, `kid`, `iss`), read without
/// checking anything. Never used to trust a token: only to choose among configured options.
package struct TokenPeek {
    package var algorithm: JWSAlgorithm?
    package var keyID: String?
    package var issuer: String?
    package var tenant: String?

    package init(_ token: String, maximumLength: Int) {
        guard token.utf8.count <= maximumLength else { return }
        let parts = token.utf8.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return }
        if let header = Self.object(parts[0]) {
            self.algorithm = header["alg"]?.stringValue.flatMap { JWSAlgorithm(name: $0) }
            self.keyID = header["kid"]?.stringValue
        }
        let payload = Self.object(parts[1])
        self.issuer = payload?["iss"]?.stringValue
        self.tenant = payload?["tenant"]?.stringValue
    }

    private static func object(_ segment: Substring.UTF8View.SubSequence) -> [String: JSONValue]? {
        let bytes = Array(segment)
        let decoded = bytes.withUnsafeBytes { Base64URL.decode($0) }
        guard let decoded else { return nil }
        let parsed = decoded.withUnsafeBytes { try? JSONParser.parseObject($0, maximumDepth: 32) }
        return parsed ?? nil
    }
}
