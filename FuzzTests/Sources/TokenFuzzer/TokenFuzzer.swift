import TokenGate
import TokenGateTesting

/// Fixed material for every input: an HMAC key (so the fuzzer's header and payload bytes can
/// be signed and reach the JSON and claim layers), and an asymmetric key set.
enum Material {
    static let hmac = try! TestSigningKey.generate(.hs256, keyID: "fuzz")
    static let ec = try! TestSigningKey.generate(.es256, keyID: "ec")
    static let keys = try! TestSigningKey.keySet([ec])
    static let verifier: TokenVerifier = {
        var configuration = TokenVerifier.Configuration(issuer: "https://issuer.fuzz", audience: .oneOf(["fuzz"]))
        configuration.secrets = [try! hmac.verificationKey()]
        configuration.tenant = "t"
        configuration.allowedTypes = ["JWT", "at+jwt"]
        return TokenVerifier(configuration: configuration)
    }()
    static let now = NumericDate(secondsSinceEpoch: 1_700_000_000)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    // 1. The input as a token.
    _ = try? Material.verifier.verify(String(decoding: bytes, as: UTF8.self), keys: Material.keys, now: Material.now)

    // 2. The input split into header and payload JSON, correctly signed, so every byte
    //    reaches the JSON parser, the header checks and the claim checks.
    let split = bytes.firstIndex(of: 0) ?? bytes.count / 2
    let header = Array(bytes[..<split])
    let payload = Array(bytes[min(split + 1, bytes.count)...])
    if let token = try? Material.hmac.sign(header: header, payload: payload) {
        // A verified token's payload is the signed bytes, and each claim and header member is
        // found by its exact name.
        if let verified = try? Material.verifier.verify(token, keys: Material.keys, now: Material.now) {
            let members = verified.claims.members
            guard verified.payloadJSON == payload, members["iss"] != nil else { fatalError("claims differ from the payload") }
            for (name, value) in members where verified.claims[name] != value { fatalError("claim lookup differs for \(name)") }
            if verified.header["alg"]?.stringValue != verified.header.algorithm.name { fatalError("header lookup differs") }
        }
    }

    // 3. The input as a JWKS document and as one JWK.
    if let keySet = try? KeySet(jwks: bytes) {
        _ = keySet.keys.count + keySet.skipped.count
    }
    _ = try? VerificationKey(jwkJSON: String(decoding: bytes, as: UTF8.self))

    // 4. The input as an Authorization header, App ID credentials, a VCAP_SERVICES value, and
    //    the web login's session values.
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? BearerCredentials.parse(authorizationField: Substring(text))
    _ = try? BearerCredentials.parse(authorizationField: Substring("Bearer " + text))
    _ = try? AppIDCredentials(json: bytes)
    _ = try? AppIDCredentials(vcapServices: text)
    _ = PendingLogin(encoded: text)
    _ = WebSessionTokens(encoded: text)
    _ = WebAppStrategy.safeReturnPath(text)
    return 0
}

// SwiftPM links an executable's entry point under `<module>_main`; with -parse-as-library there
// is none, so this hands control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("TokenFuzzer_main")
func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzz(data, size) }
}
