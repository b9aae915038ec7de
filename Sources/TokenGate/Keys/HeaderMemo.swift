import Synchronization

/// The few protected-header segments a key set has verified tokens with, already read.
///
/// An issuer signs every token of a key with the same header bytes (`{"alg":"RS256","kid":…}`),
/// so reading that header again for each token (base64url, JSON, strings) is wasted work: about
/// a third of what a cold verification costs besides the signature. A header segment equal byte
/// for byte to a remembered one reads to the same `alg`, `kid` and `typ`, so they are taken from
/// here; the verifier still applies its algorithm policy and key choice to them on every token.
///
/// - Only headers of tokens whose signature verified are remembered, so a client without a
///   valid token cannot fill the slots (which would only cost speed, never correctness).
/// - A fixed number of slots, each set once, read without a lock: a lookup is a few loads and
///   at most that many comparisons. The memo lives and dies with its key set, so a rotation
///   (a new key set) starts empty.
final class HeaderMemo: Sendable {
    /// One remembered header: its segment as received and what it read to.
    final class Entry: Sendable {
        let segment: [UInt8]
        let algorithm: JWSAlgorithm
        let keyID: String?
        let type: String?

        init(segment: UnsafeRawBufferPointer, header: JOSEHeader) {
            self.segment = Array(segment)
            self.algorithm = header.algorithm
            self.keyID = header.keyID
            self.type = header.type
        }

        func matches(_ segment: UnsafeRawBufferPointer) -> Bool { self.segment.hasSameBytes(as: segment) }
    }

    /// How many headers are remembered.
    static let capacity = 4
    /// The longest header segment remembered (longer ones are read every time).
    static let maximumSegmentLength = 512

    private let slot0 = AtomicLazyReference<Entry>()
    private let slot1 = AtomicLazyReference<Entry>()
    private let slot2 = AtomicLazyReference<Entry>()
    private let slot3 = AtomicLazyReference<Entry>()

    init() {}

    @inline(__always)
    private func entry(_ index: Int) -> Entry? {
        switch index {
        case 0: self.slot0.load()
        case 1: self.slot1.load()
        case 2: self.slot2.load()
        default: self.slot3.load()
        }
    }

    /// The remembered entry for `segment`, if any.
    func lookup(_ segment: UnsafeRawBufferPointer) -> Entry? {
        for index in 0..<Self.capacity {
            guard let entry = self.entry(index) else { return nil }  // slots fill in order
            if entry.matches(segment) { return entry }
        }
        return nil
    }

    /// Remembers `header`, read from `segment` of a token whose signature verified, in the first
    /// free slot; does nothing when it is already remembered, too long, or every slot is taken.
    func remember(_ segment: UnsafeRawBufferPointer, header: JOSEHeader) {
        guard segment.count <= Self.maximumSegmentLength else { return }
        for index in 0..<Self.capacity {
            if let entry = self.entry(index) {
                if entry.matches(segment) { return }
                continue
            }
            let candidate = Entry(segment: segment, header: header)
            let stored: Entry
            switch index {
            case 0: stored = self.slot0.storeIfNil(candidate)
            case 1: stored = self.slot1.storeIfNil(candidate)
            case 2: stored = self.slot2.storeIfNil(candidate)
            default: stored = self.slot3.storeIfNil(candidate)
            }
            // Another thread may have filled the slot first, possibly with this same header.
            if stored === candidate || stored.matches(segment) { return }
        }
    }

    /// How many slots are filled (for tests).
    var count: Int {
        (0..<Self.capacity).reduce(0) { $0 + (self.entry($1) == nil ? 0 : 1) }
    }
}
