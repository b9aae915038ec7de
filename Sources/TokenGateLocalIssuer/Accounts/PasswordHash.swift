import Crypto
import CryptoExtras
import TokenGate

/// Salted PBKDF2-HMAC-SHA256 password hashes, stored as
/// `pbkdf2-sha256$<rounds>$<salt>$<hash>` (base64url). Never a password in clear.
enum PasswordHash {
    /// OWASP's 2023 floor for PBKDF2-HMAC-SHA256.
    static let recommendedRounds = 600_000

    static func make(_ password: String, rounds: Int) throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        let hash = try derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(Base64URL.encode(salt))$\(Base64URL.encode(hash))"
    }

    /// Whether `password` matches `stored` (constant-time comparison of the hashes).
    static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds > 0, rounds <= 10_000_000,
            let salt = Base64URL.decode(parts[2]), let expected = Base64URL.decode(parts[3]),
            let actual = try? derive(password, salt: salt, rounds: rounds)
        else { return false }
        return constantTimeEqual(actual, expected)
    }

    private static func derive(_ password: String, salt: [UInt8], rounds: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8),
            salt: salt,
            using: .sha256,
            outputByteCount: 32,
            unsafeUncheckedRounds: rounds
        )
        return key.withUnsafeBytes { Array($0) }
    }
}

/// SHA-256 of a high-entropy secret (client secrets, refresh tokens): a fast hash is right
/// for random 256-bit values, and the store never holds the secret itself.
func secretDigest(_ secret: String) -> [UInt8] {
    Array(SHA256.hash(data: Array(secret.utf8)))
}

/// A random UUID-shaped identifier (version 4).
func randomUUID() -> String {
    uuidString(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }, version: 0x40)
}

/// A stable UUID-shaped identifier derived from `name` (SHA-256, version 8 layout).
func derivedUUID(_ name: String) -> String {
    uuidString(Array(SHA256.hash(data: Array(name.utf8)).prefix(16)), version: 0x80)
}

private func uuidString(_ random: [UInt8], version: UInt8) -> String {
    var bytes = random
    bytes[6] = (bytes[6] & 0x0F) | version
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    let hex = bytes.map { byte in
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }.joined()
    let characters = Array(hex)
    return String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-" + String(characters[12..<16]) + "-"
        + String(characters[16..<20]) + "-" + String(characters[20..<32])
}
