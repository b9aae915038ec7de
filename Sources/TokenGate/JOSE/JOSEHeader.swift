/// The protected header of a verified token.
public struct JOSEHeader: Sendable {
    /// `alg`: the algorithm that was verified.
    public let algorithm: JWSAlgorithm
    /// `kid`: the key id, when present.
    public let keyID: String?
    /// `typ`: the media type of the token, when present.
    public let type: String?
    /// Every member as read, in header order.
    private let memberList: JSONMemberList

    /// Every header member as read, including ones this package ignores (`jku`, `x5u`, `jwk`,
    /// `x5c`): a dictionary built on each call (for one member, use the subscript).
    public var members: [String: JSONValue] { self.memberList.dictionary }

    /// A header member by name, matched by its exact UTF-8 bytes.
    public subscript(name: String) -> JSONValue? { self.memberList[name] }

    /// Reads and checks a header's members.
    ///
    /// - Throws: ``TokenGateError`` with `.malformedHeader` for a missing or non-string `alg`,
    ///   a non-string `kid`/`typ`, `.disallowedAlgorithm` for `none` or an unknown `alg`,
    ///   `.unencodedPayload` for `b64: false`, `.unsupportedCriticalHeader` for any `crit`
    ///   entry this package does not implement.
    init(_ members: JSONMemberList) throws(TokenGateError) {
        guard case .string(let algorithmName)? = members["alg"] else {
            throw TokenGateError(.malformedHeader, detail: "alg missing or not a string")
        }
        guard let algorithm = JWSAlgorithm(name: algorithmName) else {
            throw TokenGateError(.disallowedAlgorithm, detail: "alg unknown or none")
        }
        switch members["kid"] {
        case nil: self.keyID = nil
        case .string(let value)?: self.keyID = value
        default: throw TokenGateError(.malformedHeader, detail: "kid not a string")
        }
        switch members["typ"] {
        case nil: self.type = nil
        case .string(let value)?: self.type = value
        default: throw TokenGateError(.malformedHeader, detail: "typ not a string")
        }
        switch members["b64"] {
        case nil, .bool(true)?: break
        case .bool(false)?: throw TokenGateError(.unencodedPayload)
        default: throw TokenGateError(.malformedHeader, detail: "b64 not a boolean")
        }
        if let critical = members["crit"] {
            // RFC 7515 §4.1.11: a non-empty array of names; this verifier implements no
            // extension that needs `crit`, so any entry is refused.
            guard case .array(let names) = critical, !names.isEmpty,
                names.allSatisfy({ $0.stringValue != nil })
            else {
                throw TokenGateError(.malformedHeader, detail: "crit not a non-empty array of strings")
            }
            throw TokenGateError(.unsupportedCriticalHeader)
        }
        self.algorithm = algorithm
        self.memberList = members
    }

    /// The header of an opaque access token (``VerifiedToken/isOpaque``): only `typ: "opaque"`;
    /// its `algorithm` stands for nothing (no signature was checked).
    package static let opaque = JOSEHeader(opaqueType: VerifiedToken.opaqueType)

    private init(opaqueType: String) {
        self.algorithm = .rs256
        self.keyID = nil
        self.type = opaqueType
        self.memberList = JSONMemberList(["typ": .string(opaqueType)])
    }
}
