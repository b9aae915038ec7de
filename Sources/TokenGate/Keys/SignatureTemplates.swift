import Crypto
import FoundationEssentials

/// ECDSA signature values built once, whose bytes a verification replaces with a borrowed
/// buffer (see ``VerificationKey``): swift-crypto checks a signature's length only in its
/// initializers, so each template starts from a valid all-zero signature of its curve.
enum SignatureTemplates {
    static let p256 = try? P256.Signing.ECDSASignature(rawRepresentation: Data(count: 64))
    static let p384 = try? P384.Signing.ECDSASignature(rawRepresentation: Data(count: 96))
    static let p521 = try? P521.Signing.ECDSASignature(rawRepresentation: Data(count: 132))
}
