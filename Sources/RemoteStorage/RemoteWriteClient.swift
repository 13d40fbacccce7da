import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OutboundHTTP

/// Sends remote-write 1.0 requests to one endpoint (upstream's
/// `remote.Client.Store`): a POST of a Snappy-compressed
/// ``Exposition/Prompb/WriteRequest`` with the protocol headers, the
/// configured headers and credentials, under `remote_timeout`.
///
/// `tls_config` and the proxy are the given client's (see ``HTTPClients``);
/// `queue_config.sample_age_limit` is refused by
/// ``init(config:httpClient:userAgent:directory:)``.
public struct RemoteWriteClient: Sendable {
    public let url: String
    let httpClient: OutboundClient
    let userAgent: String
    let headers: [(String, String)]
    /// Credential files are read for every request, as upstream re-reads
    /// them; relative names are taken from the configuration file's directory.
    let authorization: AuthorizationHeader
    let timeout: TimeAmount
    let retryOnHTTP429: Bool

    /// Checks that `config` is supported and prepares its headers.
    /// - Throws: ``RemoteStorageError`` of kind `.unsupportedConfig` naming the field.
    public init(config: RemoteWriteConfig, httpClient: OutboundClient, userAgent: String, directory: String = "")
        throws(RemoteStorageError)
    {
        let client = config.httpClientConfig
        let url = config.url.string
        try client.checkRemoteSupport(section: "remote_write", url: config.url)
        if config.queueConfig.sampleAgeLimit.milliseconds > 0 {
            throw RemoteStorageError(
                .unsupportedConfig, "remote_write \(url): queue_config.sample_age_limit is not supported yet")
        }
        self.url = url
        self.httpClient = httpClient
        self.userAgent = userAgent
        self.headers = config.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.authorization = AuthorizationHeader(client, directory: directory)
        self.timeout = .milliseconds(max(1, config.remoteTimeout.milliseconds))
        self.retryOnHTTP429 = config.queueConfig.retryOnHTTP429
    }

    /// Sends one encoded request body. `attempt` counts retries of the same
    /// batch (0 for the first try) and is sent as `Retry-Attempt` when above 0.
    public func store(_ body: [UInt8], attempt: Int = 0) async -> WriteOutcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Encoding", value: "snappy")
        request.headers.add(name: "Content-Type", value: "application/x-protobuf")
        request.headers.add(name: "User-Agent", value: userAgent)
        request.headers.add(name: "X-Prometheus-Remote-Write-Version", value: "0.1.0")
        if attempt > 0 { request.headers.add(name: "Retry-Attempt", value: String(attempt)) }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        do {
            if let authorization = try authorization.value() {
                request.headers.replaceOrAdd(name: "Authorization", value: authorization)
            }
        } catch {
            return .recoverable(message: "reading credentials: \(error)", retryAfter: nil)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            let status = response.status
            if (200..<300).contains(status.code) {
                _ = try? await response.body.collect(upTo: 1 << 20)
                return .delivered
            }
            var message = "server returned HTTP status \(status.code) \(status.reasonPhrase)"
            if let buffer = try? await response.body.collect(upTo: 1 << 20) {
                let text = String(buffer: buffer)
                message += ": " + String(text.prefix(1024)).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if status.code / 100 == 5 || (retryOnHTTP429 && status.code == 429) {
                return .recoverable(
                    message: message, retryAfter: RetryAfter.parse(response.headers.first(name: "Retry-After")))
            }
            return .unrecoverable(message: message)
        } catch {
            return .recoverable(message: "Post \"\(url)\": \(error)", retryAfter: nil)
        }
    }
}
