import AsyncHTTPClient
import NIOCore

/// A request body that AsyncHTTPClient cannot send twice.
///
/// A client that follows redirects (as `HTTPClient.shared` does) follows only those it can
/// replay the request for; with this body it hands a 301, 302, 307 or 308 back unfollowed (and
/// never re-sends a form with credentials elsewhere), so the fetcher's and clients' own
/// redirect rules decide. A 303, which AsyncHTTPClient turns into a GET without a body, is the
/// one redirect such a client still follows; its hops are checked afterwards from the
/// response's `history`.
struct SingleUseBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ByteBuffer?

        mutating func next() async -> ByteBuffer? {
            defer { self.remaining = nil }
            return self.remaining
        }
    }

    let buffer: ByteBuffer

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(remaining: self.buffer.readableBytes > 0 ? self.buffer : nil)
    }

    /// `bytes` (possibly none) as a single-use request body.
    static func body(_ bytes: [UInt8] = []) -> HTTPClientRequest.Body {
        .stream(SingleUseBody(buffer: ByteBuffer(bytes: bytes)), length: .known(Int64(bytes.count)))
    }
}
