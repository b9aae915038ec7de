/// A small set of algorithms as a bit mask: checking membership on the hot path costs one AND.
package struct AlgorithmSet: OptionSet, Hashable, Sendable {
    package let rawValue: UInt16

    package init(rawValue: UInt16) { self.rawValue = rawValue }

    package init(_ algorithm: JWSAlgorithm) {
        self.rawValue = 1 << UInt16(algorithm.backing.rawValue)
    }

    package init(_ algorithms: some Sequence<JWSAlgorithm>) {
        self.rawValue = algorithms.reduce(0) { $0 | 1 << UInt16($1.backing.rawValue) }
    }

    package func contains(_ algorithm: JWSAlgorithm) -> Bool {
        self.rawValue & (1 << UInt16(algorithm.backing.rawValue)) != 0
    }

    package var algorithms: [JWSAlgorithm] {
        JWSAlgorithm.all.filter { self.contains($0) }
    }

    package static let rsa = AlgorithmSet([.rs256, .rs384, .rs512, .ps256, .ps384, .ps512])
    package static let ed25519 = AlgorithmSet([.edDSA, .ed25519])
}
