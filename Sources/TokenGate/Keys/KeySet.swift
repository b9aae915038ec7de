/// An immutable set of verification keys, looked up by `kid`.
///
/// Built once per JWKS fetch: every member is parsed into a ``VerificationKey`` up front, so
/// verification never parses key material. Members that cannot be used are skipped and
/// reported in ``skipped``; they never make the whole set fail (RFC 7517 §5).
///
/// ```swift
/// let keys = try KeySet(jwks: responseBody)
/// for skipped in keys.skipped { logger.warning("JWK skipped", metadata: ["reason": "\(skipped.reason)"]) }
/// ```
public struct KeySet: Sendable {
    /// A JWKS member that was not taken into the set.
    public struct SkippedKey: Sendable, Hashable {
        /// The member's position in the document's `keys` array (-1 for a `kid` refused as a whole).
        public let index: Int
        /// The member's `kid`, when it had a string one.
        public let keyID: String?
        /// A fixed reason, safe to log.
        public let reason: String
    }

    /// The usable keys, in document order.
    public let keys: [VerificationKey]
    /// The members that were skipped, and why.
    public let skipped: [SkippedKey]
    private let byID: [String: [VerificationKey]]

    /// The default cap on the number of JWKS members read.
    public static let defaultMaximumKeys = 100

    /// An empty key set.
    public static let empty = KeySet(keys: [])

    /// Creates a set from keys parsed elsewhere.
    ///
    /// When the set holds more than one key, keys without a `kid` are skipped: they could
    /// only be chosen by trying every key. Keys that share a `kid` are kept once when they are
    /// the same key; when they differ and could verify the same algorithm, the `kid` is
    /// ambiguous and all of them are skipped.
    public init(keys: [VerificationKey]) {
        self.init(keys: keys, skipped: [])
    }

    private init(keys: [VerificationKey], skipped: [SkippedKey]) {
        var kept: [VerificationKey] = []
        var skipped = skipped
        var byID: [String: [VerificationKey]] = [:]
        var ambiguous: Set<String> = []
        for (index, key) in keys.enumerated() {
            if let keyID = key.keyID {
                let earlier = byID[keyID, default: []]
                if earlier.contains(where: { $0.identity == key.identity && $0.algorithmSet == key.algorithmSet }) {
                    skipped.append(SkippedKey(index: index, keyID: keyID, reason: "duplicate of an earlier key"))
                    continue
                }
                if earlier.contains(where: { !$0.algorithmSet.intersection(key.algorithmSet).isEmpty }) {
                    ambiguous.insert(keyID)
                }
                byID[keyID, default: []].append(key)
                kept.append(key)
            } else if keys.count == 1 {
                kept.append(key)
            } else {
                skipped.append(SkippedKey(index: index, keyID: nil, reason: "no kid in a set of several keys"))
            }
        }
        for keyID in ambiguous {
            byID[keyID] = nil
            skipped.append(SkippedKey(index: -1, keyID: keyID, reason: "kid shared by different keys"))
        }
        self.keys = kept.filter { $0.keyID.map { !ambiguous.contains($0) } ?? true }
        self.skipped = skipped
        self.byID = byID
    }

    /// Parses a JWKS document (RFC 7517 §5).
    ///
    /// - Parameters:
    ///   - jwks: The document's bytes.
    ///   - maximumKeys: Members past this count are skipped (default 100).
    /// - Throws: ``TokenGateError`` `.invalidKeySet` when the document is not a JSON object
    ///   with a `keys` array. Unusable members do not throw; they land in ``skipped``.
    public init(jwks: some Collection<UInt8>, maximumKeys: Int = KeySet.defaultMaximumKeys) throws(TokenGateError) {
        let bytes = Array(jwks)
        let parsed: [String: JSONValue]?? = bytes.withUnsafeBytes { try? JSONParser.parseObject($0) }
        guard let document = parsed ?? nil, case .array(let members)? = document["keys"] else {
            throw TokenGateError(.invalidKeySet, detail: "not a JSON object with a keys array")
        }
        var keys: [VerificationKey] = []
        var skipped: [SkippedKey] = []
        for (index, member) in members.enumerated() {
            guard index < maximumKeys else {
                skipped.append(SkippedKey(index: index, keyID: member["kid"]?.stringValue, reason: "over the key count cap"))
                continue
            }
            guard case .object(let jwk) = member else {
                skipped.append(SkippedKey(index: index, keyID: nil, reason: "member not an object"))
                continue
            }
            do {
                keys.append(try VerificationKey(jwk: jwk))
            } catch {
                skipped.append(SkippedKey(index: index, keyID: jwk["kid"]?.stringValue, reason: error.detail ?? "unusable"))
            }
        }
        self.init(keys: keys, skipped: skipped)
    }

    /// Parses a JWKS document from its JSON text.
    /// - Throws: ``TokenGateError`` `.invalidKeySet`, as ``init(jwks:maximumKeys:)``.
    public init(jwksJSON: some StringProtocol, maximumKeys: Int = KeySet.defaultMaximumKeys) throws(TokenGateError) {
        try self.init(jwks: Array(String(jwksJSON).utf8), maximumKeys: maximumKeys)
    }

    /// Whether the set holds no usable key.
    public var isEmpty: Bool { self.keys.isEmpty }

    /// The keys a token with `keyID` may be verified with: those with that `kid`; for a token
    /// without `kid`, the set's only key when it has exactly one.
    package func candidates(for keyID: String?) -> ArraySlice<VerificationKey> {
        if let keyID {
            guard let matches = self.byID[keyID] else { return [] }
            return matches[...]
        }
        return self.keys.count == 1 ? self.keys[...] : []
    }

    /// Whether the set has a key with this `kid`.
    public func contains(keyID: String) -> Bool {
        self.byID[keyID] != nil
    }
}
