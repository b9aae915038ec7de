import Synchronization

/// Numbers that identify things across their lifetimes: each call to ``next()`` answers a
/// number no earlier call in this process answered.
///
/// Key-set snapshots, verifier configurations and strategies are identified by such a number,
/// never by an object's address: once an object is freed, its address can be handed to the
/// next one, and whatever remembered the old object would take the new one for it.
package enum Generation {
    private static let counter = Atomic<UInt64>(0)

    /// A number never answered before (the counter would take centuries to wrap).
    package static func next() -> UInt64 {
        Self.counter.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
