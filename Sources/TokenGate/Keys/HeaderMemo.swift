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
/// - A fixed number of slots, each set once, read without a lock: a lookup is an atomic load per
///   slot and at most that many comparisons. The memo lives and dies with its key set, so a
///   rotation (a new key set) starts empty.
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

    // Each slot holds an `Entry` retained once by the memo (its address; 0 while empty), set
    // once and released only when the memo goes away. This is `AtomicLazyReference`'s design,
    // written out because that type's `load()` is not inlinable: every call went through
    // generic code and a metadata lookup in the runtime (tens of nanoseconds per lookup).
    private let slot0 = Atomic<UInt>(0)
    private let slot1 = Atomic<UInt>(0)
    private let slot2 = Atomic<UInt>(0)
    private let slot3 = Atomic<UInt>(0)

    init() {}

    deinit {
        for index in 0..<Self.capacity {
            let held = self.withSlot(index) { $0.load(ordering: .acquiring) }
            if let entry = Self.entry(held) { Unmanaged.passUnretained(entry).release() }
        }
    }

    @inline(__always)
    private func withSlot<R>(_ index: Int, _ body: (borrowing Atomic<UInt>) -> R) -> R {
        switch index {
        case 0: body(self.slot0)
        case 1: body(self.slot1)
        case 2: body(self.slot2)
        default: body(self.slot3)
        }
    }

    /// The entry a slot's value refers to (`nil` for 0, an empty slot).
    @inline(__always)
    private static func entry(_ held: UInt) -> Entry? {
        guard let address = UnsafeRawPointer(bitPattern: held) else { return nil }
        return Unmanaged<Entry>.fromOpaque(address).takeUnretainedValue()
    }

    @inline(__always)
    private func entry(_ index: Int) -> Entry? {
        // Acquiring: the entry's fields, written before it was published, are visible.
        Self.entry(self.withSlot(index) { $0.load(ordering: .acquiring) })
    }

    /// Stores `candidate` in slot `index` unless it is taken; returns the slot's entry.
    private func storeIfEmpty(_ index: Int, _ candidate: Entry) -> Entry {
        let retained = Unmanaged.passRetained(candidate)
        let (stored, held) = self.withSlot(index) { slot in
            slot.compareExchange(expected: 0, desired: UInt(bitPattern: retained.toOpaque()), ordering: .acquiringAndReleasing)
        }
        if stored { return candidate }
        retained.release()
        return Self.entry(held) ?? candidate  // a failed exchange found a non-zero value: never `nil`
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
            let stored = self.storeIfEmpty(index, candidate)
            // Another thread may have filled the slot first, possibly with this same header.
            if stored === candidate || stored.matches(segment) { return }
        }
    }

    /// How many slots are filled (for tests).
    var count: Int {
        (0..<Self.capacity).reduce(0) { $0 + (self.entry($1) == nil ? 0 : 1) }
    }
}
