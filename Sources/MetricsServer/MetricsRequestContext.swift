import Hummingbird
import NIOCore

/// The metrics server's request context: Hummingbird's basic one plus the
/// client's address, which the query log records.
public struct MetricsRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
