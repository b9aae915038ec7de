import Testing
@testable import TokenGate
import TokenGateTesting

@Suite("Remembered headers: read once per key set, never trusted beyond their bytes")
struct HeaderMemoTests {
    /// A key set of its own (memos live in key sets, and the shared fixture is used in parallel).
    private func freshKeys() throws -> KeySet {
        try TestSigningKey.keySet([Fixtures.rs256, Fixtures.es256])
    }

    private func forged(_ token: String) -> String {
        var bytes = Array(token.utf8)
        let index = bytes.count - 5
        bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("Only a header whose token's signature verified is remembered, once")
    func onlyVerifiedHeaders() throws {
        let keys = try self.freshKeys()
        let verifier = Fixtures.verifier()
        let token = try Fixtures.es256.token(claims: Fixtures.claims())
        #expect(tokenError { _ = try verifier.verify(self.forged(token), keys: keys, now: Fixtures.now) }?.code == .invalidSignature)
        let unknownKid = try Fixtures.es256.token(claims: Fixtures.claims(), header: ["kid": "elsewhere"])
        #expect(tokenError { _ = try verifier.verify(unknownKid, keys: keys, now: Fixtures.now) }?.code == .unknownKey)
        #expect(keys.headers.count == 0)

        _ = try verifier.verify(token, keys: keys, now: Fixtures.now)
        #expect(keys.headers.count == 1)
        _ = try verifier.verify(try Fixtures.es256.token(claims: Fixtures.claims(["sub": "user-2"])), keys: keys, now: Fixtures.now)
        #expect(keys.headers.count == 1)
        // The same header bytes, now remembered, do not make a forged signature pass.
        #expect(tokenError { _ = try verifier.verify(self.forged(token), keys: keys, now: Fixtures.now) }?.code == .invalidSignature)
        // A header segment that differs from the remembered one only by padding is read, and refused.
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        let padded = "\(parts[0])=.\(parts[1]).\(parts[2])"
        #expect(tokenError { _ = try verifier.verify(padded, keys: keys, now: Fixtures.now) }?.code == .malformedToken)
        #expect(keys.headers.count == 1)
    }

    @Test("A remembered header still meets each verifier's algorithm policy and key choice")
    func policyStillApplies() throws {
        let keys = try self.freshKeys()
        let token = try Fixtures.rs256.token(claims: Fixtures.claims())
        _ = try Fixtures.verifier().verify(token, keys: keys, now: Fixtures.now)
        #expect(keys.headers.count == 1)

        let ecOnly = Fixtures.verifier { $0.algorithms = [.es256] }
        #expect(tokenError { _ = try ecOnly.verify(token, keys: keys, now: Fixtures.now) }?.code == .disallowedAlgorithm)
        let otherKeys = try TestSigningKey.keySet([Fixtures.es256])
        #expect(tokenError { _ = try Fixtures.verifier().verify(token, keys: otherKeys, now: Fixtures.now) }?.code == .unknownKey)
    }

    @Test("A token verified through a remembered header reports its own header")
    func rememberedHeaderValues() throws {
        let keys = try self.freshKeys()
        let verifier = Fixtures.verifier()
        let header: [String: JSONValue] = ["typ": "at+jwt", "x5u": "https://attacker.example/x"]
        let first = try verifier.verify(try Fixtures.es256.token(claims: Fixtures.claims(), header: header), keys: keys, now: Fixtures.now)
        let secondToken = try Fixtures.es256.token(claims: Fixtures.claims(["sub": "user-2"]), header: header)
        let second = try verifier.verify(secondToken, keys: keys, now: Fixtures.now)
        #expect(keys.headers.count == 1)
        for verified in [first, second] {
            #expect(verified.header.algorithm == .es256)
            #expect(verified.header.keyID == "ec-1")
            #expect(verified.header.type == "at+jwt")
            #expect(verified.header["x5u"] == "https://attacker.example/x")
        }
        #expect(second.raw == secondToken)
        #expect(second.claims.subject == "user-2")
    }

    @Test("At most four headers are remembered, none longer than 512 characters; the rest verify as before")
    func bounded() throws {
        let keys = try self.freshKeys()
        let verifier = Fixtures.verifier()
        for index in 0..<6 {
            let token = try Fixtures.es256.token(claims: Fixtures.claims(), header: ["n": .number(JSONNumber(Int64(index)))])
            #expect(tokenError { _ = try verifier.verify(token, keys: keys, now: Fixtures.now) } == nil)
            #expect(keys.headers.count == min(index + 1, HeaderMemo.capacity))
        }
        let long = try self.freshKeys()
        let padding = JSONValue.string(String(repeating: "p", count: HeaderMemo.maximumSegmentLength))
        let token = try Fixtures.es256.token(claims: Fixtures.claims(), header: ["pad": padding])
        #expect(tokenError { _ = try verifier.verify(token, keys: long, now: Fixtures.now) } == nil)
        #expect(long.headers.count == 0)
    }

    @Test("Verifying concurrently fills each slot once, with distinct headers")
    func concurrent() async throws {
        let keys = try self.freshKeys()
        let verifier = Fixtures.verifier()
        let tokens = try (0..<3).map { index in
            try Fixtures.es256.token(claims: Fixtures.claims(), header: ["n": .number(JSONNumber(Int64(index)))])
        }
        let failures = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var failed = 0
                    for round in 0..<20 {
                        let token = tokens[(task + round) % 3]
                        if tokenError({ _ = try verifier.verify(token, keys: keys, now: Fixtures.now) }) != nil { failed += 1 }
                    }
                    return failed
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
        #expect(keys.headers.count == 3)
    }
}
