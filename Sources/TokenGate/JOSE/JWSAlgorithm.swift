/// A JWS signature algorithm (RFC 7518 §3, RFC 8037, RFC 9864).
///
/// Names are matched case-sensitively, as RFC 7515 §4.1.1 requires; `none` is not an
/// algorithm here and can never be allowed.
public struct JWSAlgorithm: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline
    enum Backing: UInt8, CaseIterable, Sendable {
        case rs256, rs384, rs512, ps256, ps384, ps512, es256, es384, es512, edDSA, ed25519, hs256, hs384, hs512
    }

    @usableFromInline
    let backing: Backing

    init(_ backing: Backing) { self.backing = backing }

    /// RSASSA-PKCS1-v1_5 with SHA-256.
    public static let rs256 = JWSAlgorithm(.rs256)
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    public static let rs384 = JWSAlgorithm(.rs384)
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    public static let rs512 = JWSAlgorithm(.rs512)
    /// RSASSA-PSS with SHA-256 and MGF1 with SHA-256.
    public static let ps256 = JWSAlgorithm(.ps256)
    /// RSASSA-PSS with SHA-384 and MGF1 with SHA-384.
    public static let ps384 = JWSAlgorithm(.ps384)
    /// RSASSA-PSS with SHA-512 and MGF1 with SHA-512.
    public static let ps512 = JWSAlgorithm(.ps512)
    /// ECDSA with P-256 and SHA-256.
    public static let es256 = JWSAlgorithm(.es256)
    /// ECDSA with P-384 and SHA-384.
    public static let es384 = JWSAlgorithm(.es384)
    /// ECDSA with P-521 and SHA-512.
    public static let es512 = JWSAlgorithm(.es512)
    /// EdDSA (RFC 8037); only the Ed25519 curve is supported.
    public static let edDSA = JWSAlgorithm(.edDSA)
    /// Ed25519 by its fully specified name (RFC 9864).
    public static let ed25519 = JWSAlgorithm(.ed25519)
    /// HMAC with SHA-256; only with a secret configured for the issuer.
    public static let hs256 = JWSAlgorithm(.hs256)
    /// HMAC with SHA-384; only with a secret configured for the issuer.
    public static let hs384 = JWSAlgorithm(.hs384)
    /// HMAC with SHA-512; only with a secret configured for the issuer.
    public static let hs512 = JWSAlgorithm(.hs512)

    /// Every supported algorithm.
    public static let all: [JWSAlgorithm] = Backing.allCases.map(JWSAlgorithm.init)

    /// The asymmetric algorithms, the default allow-list for key sets.
    public static let asymmetric: [JWSAlgorithm] = all.filter { !$0.isSymmetric }

    /// Looks an algorithm up by its registered name (case-sensitive); `nil` for `none` and
    /// for unknown names.
    public init?(name: some StringProtocol) {
        self.init(name: String(name))
    }

    /// Looks an algorithm up by its registered name (case-sensitive); `nil` for `none` and
    /// for unknown names.
    public init?(name: String) {
        // Byte comparison: `String`'s `==` would take canonical equivalents for equal.
        guard let algorithm = Self.all.first(where: { $0.name.hasSameUTF8(as: name) }) else { return nil }
        self = algorithm
    }

    /// The registered name, for example `RS256`.
    public var name: String {
        switch self.backing {
        case .rs256: "RS256"
        case .rs384: "RS384"
        case .rs512: "RS512"
        case .ps256: "PS256"
        case .ps384: "PS384"
        case .ps512: "PS512"
        case .es256: "ES256"
        case .es384: "ES384"
        case .es512: "ES512"
        case .edDSA: "EdDSA"
        case .ed25519: "Ed25519"
        case .hs256: "HS256"
        case .hs384: "HS384"
        case .hs512: "HS512"
        }
    }

    /// Whether this is an HMAC algorithm.
    public var isSymmetric: Bool {
        switch self.backing {
        case .hs256, .hs384, .hs512: true
        default: false
        }
    }

    public var description: String { self.name }
}
