import Testing

@testable import TokenGate

@Suite("HTTP dates and cache lifetimes")
struct HTTPDateTests {
    @Test("IMF-fixdate round trip, and other forms refused")
    func imfFixdate() throws {
        let date = try #require(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(date.secondsSinceEpoch == 784_111_777)
        #expect(HTTPDate.format(date) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(NumericDate(secondsSinceEpoch: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        for text in [
            "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "0", "", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            #expect(HTTPDate.parse(text) == nil)
        }
    }

    @Test("Cache-Control wins over Expires; directives are case-insensitive")
    func precedence() {
        let now = NumericDate(secondsSinceEpoch: 784_111_777)
        let lifetime = CacheLifetime.requested(
            cacheControl: "Public, MAX-AGE=120",
            expires: "Sun, 06 Nov 1994 09:49:37 GMT",
            date: nil,
            now: now
        )
        #expect(lifetime == .seconds(120))
        #expect(CacheLifetime.requested(cacheControl: nil, expires: "Sun, 06 Nov 1994 09:49:37 GMT", date: nil, now: now) == .seconds(3600))
        #expect(CacheLifetime.requested(cacheControl: "private", expires: nil, date: nil, now: now) == nil)
        #expect(CacheLifetime.requested(cacheControl: "max-age=-5", expires: nil, date: nil, now: now) == .zero)
    }
}
