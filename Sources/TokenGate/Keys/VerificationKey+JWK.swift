import Crypto
import CryptoExtras

extension VerificationKey {
    /// Parses one JWK (RFC 7517) into a ready-to-verify public key.
    ///
    /// Accepted: `RSA` (`n`, `e`; at least 2048 bits), `EC` (`P-256`, `P-384`, `P-521`; `x` and
    /// `y` of exactly the field size, on the curve) and `OKP` `Ed25519`. The key's algorithms
    /// come from `kty`/`crv`; a JWK `alg` narrows them to that one algorithm and must fit the
    /// key type. `use` other than `sig`, `key_ops` without `verify`, private key material and
    /// symmetric (`oct`) keys are refused. An `issuer` member (Entra's) ties the key to that
    /// issuer (see ``issuer``).
    /// - Parameter members: The JWK's JSON members.
    /// - Throws: ``TokenGateError`` `.invalidKey`, with a fixed reason in `detail`.
    public init(jwk members: [String: JSONValue]) throws(TokenGateError) {
        func fail(_ reason: String) -> TokenGateError { TokenGateError(.invalidKey, detail: reason) }

        guard case .string(let keyType)? = members["kty"] else { throw fail("kty missing or not a string") }
        var keyID: String?
        switch members["kid"] {
        case nil: keyID = nil
        case .string(let value)?: keyID = value
        default: throw fail("kid not a string")
        }
        var issuer: String?
        switch members["issuer"] {
        case nil: issuer = nil
        case .string(let value)?: issuer = value
        default: throw fail("issuer not a string")
        }
        switch members["use"] {
        case nil, .string("sig")?: break
        case .string?: throw fail("use is not sig")
        default: throw fail("use not a string")
        }
        if let operations = members["key_ops"] {
            guard case .array(let values) = operations, values.allSatisfy({ $0.stringValue != nil }) else {
                throw fail("key_ops not an array of strings")
            }
            guard values.contains(.string("verify")) else { throw fail("key_ops excludes verify") }
        }
        if members["d"] != nil || members["p"] != nil || members["k"] != nil && keyType != "oct" {
            throw fail("private key material in a public key set")
        }
        var declared: JWSAlgorithm?
        switch members["alg"] {
        case nil: declared = nil
        case .string(let name)?:
            guard let algorithm = JWSAlgorithm(name: name) else { throw fail("alg unknown") }
            declared = algorithm
        default: throw fail("alg not a string")
        }

        let material: Material
        var algorithms: AlgorithmSet
        let identity: [UInt8]
        switch keyType {
        case "RSA":
            let modulus = try Self.member("n", of: members)
            let exponent = try Self.member("e", of: members)
            guard !modulus.isEmpty, !exponent.isEmpty, exponent.count <= 8 else { throw fail("RSA n or e empty or too long") }
            guard !ROCAFingerprint.matches(modulus: modulus) else { throw fail("RSA key has the ROCA fingerprint (CVE-2017-15361)") }
            let key: _RSA.Signing.PublicKey
            do {
                key = try _RSA.Signing.PublicKey(n: modulus, e: exponent)
            } catch {
                throw TokenGateError(.invalidKey, detail: "RSA key refused (under 2048 bits or invalid)", underlying: error)
            }
            let bits = key.keySizeInBits
            guard bits >= 2048, bits <= 16384 else { throw fail("RSA key size out of range") }
            material = .rsa(key, modulusBytes: (bits + 7) / 8)
            algorithms = .rsa
            identity = modulus.drop { $0 == 0 } + [0] + exponent
        case "EC":
            guard case .string(let curve)? = members["crv"] else { throw fail("crv missing or not a string") }
            let x = try Self.member("x", of: members)
            let y = try Self.member("y", of: members)
            let size: Int
            switch curve {
            case "P-256":
                size = 32
                algorithms = AlgorithmSet(.es256)
            case "P-384":
                size = 48
                algorithms = AlgorithmSet(.es384)
            case "P-521":
                size = 66
                algorithms = AlgorithmSet(.es512)
            default: throw fail("EC curve not supported")
            }
            guard x.count == size, y.count == size else { throw fail("EC coordinate length wrong") }
            let point = [0x04] + x + y
            identity = point
            do {
                switch curve {
                case "P-256": material = .p256(try P256.Signing.PublicKey(x963Representation: point))
                case "P-384": material = .p384(try P384.Signing.PublicKey(x963Representation: point))
                default: material = .p521(try P521.Signing.PublicKey(x963Representation: point))
                }
            } catch {
                throw TokenGateError(.invalidKey, detail: "EC point not on the curve", underlying: error)
            }
        case "OKP":
            guard case .string("Ed25519")? = members["crv"] else { throw fail("OKP curve not supported") }
            let x = try Self.member("x", of: members)
            guard x.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: x) else {
                throw fail("Ed25519 key length wrong")
            }
            guard !Ed25519SmallOrder.matches(x) else { throw fail("Ed25519 key of small order") }
            material = .ed25519(key)
            algorithms = .ed25519
            identity = x
        case "oct":
            throw fail("symmetric keys are not read from key sets")
        default:
            throw fail("kty not supported")
        }
        if let declared {
            guard algorithms.contains(declared) else { throw fail("alg does not fit the key type") }
            algorithms = AlgorithmSet(declared)
        }
        // A key tied to an issuer is another key than the same material without that tie.
        let tie: [UInt8] = issuer.map { [0] + Array($0.utf8) } ?? []
        self.init(keyID: keyID, issuer: issuer, algorithms: algorithms, material: material, identity: identity + tie)
    }

    /// Parses one JWK from its JSON text.
    /// - Throws: ``TokenGateError`` `.invalidKey` when the text is not a JSON object or the key is unusable.
    public init(jwkJSON: some StringProtocol) throws(TokenGateError) {
        var text = String(jwkJSON)
        let parsed = text.withUTF8 { try? JSONParser.parseObject(UnsafeRawBufferPointer($0)) }
        guard let members = parsed ?? nil else { throw TokenGateError(.invalidKey, detail: "JWK is not a JSON object") }
        try self.init(jwk: members)
    }

    private static func member(_ name: String, of members: [String: JSONValue]) throws(TokenGateError) -> [UInt8] {
        guard case .string(let text)? = members[name] else {
            throw TokenGateError(.invalidKey, detail: "key member missing or not a string")
        }
        guard let bytes = Base64URL.decode(text) else {
            throw TokenGateError(.invalidKey, detail: "key member not base64url")
        }
        return bytes
    }
}
