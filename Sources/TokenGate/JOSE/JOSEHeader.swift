/// The protected header of a verified token.
public struct JOSEHeader: Sendable {
    /// `alg`: the algorithm that was verified.
    public let algorithm: JWSAlgorithm
    /// `kid`: the key id, when present.
    public let keyID: String?
    /// `typ`: the media type of the token, when present.
    public let type: String?
    /// The token the header came from and the length of its header segment: ``members`` reads
    /// the header again from there, so verification never keeps members nobody asked for.
    private let token: String
    private let segmentLength: Int

    /// Every header member as read, including ones this package ignores (`jku`, `x5u`, `jwk`,
    /// `x5c`). Parsed again on each call: the verifier reads only `alg`, `kid`, `typ`, `b64`
    /// and `crit`.
    public var members: [String: JSONValue] {
        var token = self.token
        let length = self.segmentLength
        return token.withUTF8 { bytes in
            let segment = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[0..<length]))
            let parsed = Base64URL.withDecoded(segment) { try? JSONParser.parseObject($0, maximumDepth: 8) }
            return (parsed ?? nil) ?? [:]
        }
    }

    /// A header member by name (parses the header again; see ``members``).
    public subscript(name: String) -> JSONValue? { self.members[name] }

    /// A header read earlier from the same segment bytes (``HeaderMemo``), for `token`.
    init(remembered entry: HeaderMemo.Entry, token: String, segmentLength: Int) {
        self.algorithm = entry.algorithm
        self.keyID = entry.keyID
        self.type = entry.type
        self.token = token
        self.segmentLength = segmentLength
    }

    /// Checks what the verifier read from a header.
    ///
    /// - Throws: ``TokenGateError`` with `.malformedHeader` for a missing or non-string `alg`,
    ///   a non-string `kid`/`typ`, `.disallowedAlgorithm` for `none` or an unknown `alg`,
    ///   `.unencodedPayload` for `b64: false`, `.unsupportedCriticalHeader` for any `crit`
    ///   entry this package does not implement.
    init(_ read: borrowing HeaderMembers, token: String, segmentLength: Int) throws(TokenGateError) {
        guard case .string(let algorithmName)? = read.algorithm else {
            throw TokenGateError(.malformedHeader, detail: "alg missing or not a string")
        }
        guard let algorithm = JWSAlgorithm(name: algorithmName) else {
            throw TokenGateError(.disallowedAlgorithm, detail: "alg unknown or none")
        }
        switch read.keyID {
        case nil: self.keyID = nil
        case .string(let value)?: self.keyID = value
        default: throw TokenGateError(.malformedHeader, detail: "kid not a string")
        }
        switch read.type {
        case nil: self.type = nil
        case .string(let value)?: self.type = value
        default: throw TokenGateError(.malformedHeader, detail: "typ not a string")
        }
        switch read.unencoded {
        case nil, .bool(true)?: break
        case .bool(false)?: throw TokenGateError(.unencodedPayload)
        default: throw TokenGateError(.malformedHeader, detail: "b64 not a boolean")
        }
        if let critical = read.critical {
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
        self.token = token
        self.segmentLength = segmentLength
    }
}
