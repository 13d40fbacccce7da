import AsyncHTTPClient
import CoreMetrics
import NIOCore
import NIOHTTP1

/// Collects one scrape's answer on the connection's event loop, so that the
/// scraping task wakes once per scrape instead of once per chunk of the body
/// (with a few hundred targets the wake-ups cost more than the copying).
///
/// A status other than 200 and a body over the size limit fail the request
/// from the event loop, which stops reading it.
final class ScrapeBodyCollector: HTTPClientResponseDelegate, @unchecked Sendable {
    // Used by AsyncHTTPClient on the request's event loop only.
    typealias Response = ScrapeResponse

    private let limit: Int
    private let metrics: ScrapeMetrics?
    private var contentType: String?
    private var contentEncoding: String?
    private var body = ByteBuffer()

    /// - Parameter limit: The largest body accepted, exclusive; `Int.max` for none.
    init(limit: Int, metrics: ScrapeMetrics?) {
        self.limit = limit
        self.metrics = metrics
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        guard head.status == .ok else {
            return task.eventLoop.makeFailedFuture(
                ScrapeError(.httpStatus, "server returned HTTP status \(head.status.code) \(head.status.reasonPhrase)"))
        }
        contentType = head.headers.first(name: "Content-Type")
        contentEncoding = head.headers.first(name: "Content-Encoding")
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        if buffer.readableBytes >= limit - body.readableBytes {
            metrics?.exceededBodySizeLimit.increment()
            return task.eventLoop.makeFailedFuture(ScrapeError.bodySizeLimitExceeded)
        }
        var buffer = buffer
        body.writeBuffer(&buffer)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> ScrapeResponse {
        if contentEncoding?.lowercased() == "gzip", body.readableBytes >= 2,
            body.getInteger(at: body.readerIndex, as: UInt16.self) == 0x1F8B
        {
            throw ScrapeError(
                .transport,
                "received a gzip-compressed body the HTTP client did not decompress; "
                    + "create the client with decompression enabled")
        }
        return ScrapeResponse(body: body, contentType: contentType)
    }
}
