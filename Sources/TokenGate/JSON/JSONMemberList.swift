/// The members of one JSON object in the order they were read, for the objects read on every
/// request (a token's header and claims).
///
/// A token has a dozen members or so: finding one by its packed name is faster than hashing,
/// and building the list costs one allocation and no hashing at all. Larger objects get an
/// index, so a lookup never degrades to a long scan.
///
/// Names are compared by their UTF-8 bytes, as everywhere in the parser: "K" and U+212A
/// (KELVIN SIGN) are two members.
package struct JSONMemberList: Sendable {
    /// The members, in document order; names are unique by bytes (the parser rejects duplicates).
    package let elements: [JSONMember]
    private let index: [JSONMemberName: Int]?

    /// Above this many members, lookups go through a dictionary index.
    package static let linearLimit = 24

    /// Creates a list from members whose names are known to be unique, with the index the
    /// parser built for it (made here when the parser had none and the list is long).
    package init(uniqueElements elements: [JSONMember], index: [JSONMemberName: Int]? = nil) {
        self.elements = elements
        self.index = index ?? (elements.count > Self.linearLimit ? Self.index(of: elements) : nil)
    }

    /// Creates a list from a dictionary (order is the dictionary's).
    package init(_ members: [String: JSONValue]) {
        self.init(uniqueElements: members.map { JSONMember(name: $0.key, value: $0.value) })
    }

    /// Each member's position by name.
    package static func index(of elements: [JSONMember]) -> [JSONMemberName: Int] {
        var index = [JSONMemberName: Int](minimumCapacity: elements.count)
        for (offset, member) in elements.enumerated() { index[JSONMemberName(member.name)] = offset }
        return index
    }

    /// The member `name`, if present.
    package subscript(name: String) -> JSONValue? {
        if let index = self.index {
            return index[JSONMemberName(name)].map { self.elements[$0].value }
        }
        let key = JSONMember.shortKey(name)
        return self.elements.withUnsafeBufferPointer { elements -> JSONValue? in
            for index in elements.indices where elements[index].key == key {
                if key != 0 || elements[index].hasName(name, key: key) { return elements[index].value }
            }
            return nil
        }
    }

    /// The members as a dictionary (built on each call). Its `String` keys compare by
    /// canonical equivalence, so of two names that differ in bytes but not to `String` ("K"
    /// and U+212A) it keeps the first in document order; the subscripts tell them apart.
    package var dictionary: [String: JSONValue] {
        Dictionary(self.elements.lazy.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
