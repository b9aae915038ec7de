/// Detects encodings of Ed25519 points of small order (order 1, 2, 4 or 8).
///
/// Verification checks `[s]B = R + [k]A`; when the public key `A` has small order, `[k]A` is
/// the identity for many (for the identity point: all) `k`, so a signature made without any
/// private key verifies. A key set has no reason to publish such a key, so it is refused like an
/// RSA key with the ROCA fingerprint.
///
/// An encoding is the point's `y` coordinate, little-endian, with `x`'s sign in the top bit. The
/// points of small order have `y` = 1 (the identity), p - 1 (order 2), 0 (order 4) or one of two
/// values (order 8); `y` = p and p + 1 are non-canonical encodings of 0 and 1 that some decoders
/// accept. The sign bit is ignored, so each value stands for both of its encodings.
package enum Ed25519SmallOrder {
    private static let coordinates: [[UInt8]] = [
        [1] + [UInt8](repeating: 0, count: 31),
        [0xEC] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],
        [UInt8](repeating: 0, count: 32),
        [
            0x26, 0xE8, 0x95, 0x8F, 0xC2, 0xB2, 0x27, 0xB0, 0x45, 0xC3, 0xF4, 0x89, 0xF2, 0xEF, 0x98, 0xF0,
            0xD5, 0xDF, 0xAC, 0x05, 0xD3, 0xC6, 0x33, 0x39, 0xB1, 0x38, 0x02, 0x88, 0x6D, 0x53, 0xFC, 0x05,
        ],
        [
            0xC7, 0x17, 0x6A, 0x70, 0x3D, 0x4D, 0xD8, 0x4F, 0xBA, 0x3C, 0x0B, 0x76, 0x0D, 0x10, 0x67, 0x0F,
            0x2A, 0x20, 0x53, 0xFA, 0x2C, 0x39, 0xCC, 0xC6, 0x4E, 0xC7, 0xFD, 0x77, 0x92, 0xAC, 0x03, 0x7A,
        ],
        [0xED] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],
        [0xEE] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],
    ]

    /// Whether the 32-byte encoding is a point of small order.
    package static func matches(_ encoding: [UInt8]) -> Bool {
        guard encoding.count == 32 else { return false }
        var coordinate = encoding
        coordinate[31] &= 0x7F
        return coordinates.contains(coordinate)
    }
}
