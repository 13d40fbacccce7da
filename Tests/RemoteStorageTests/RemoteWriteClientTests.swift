import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import Foundation
import NIOHTTP1
import OutboundHTTP
import RemoteStorage
import Testing

@Suite struct RemoteWriteClientTests {
    @Test func sendsProtocolHeadersConfiguredHeadersAndBasicAuth() async throws {
        let receiver = try await LoopbackReceiver.start()
        defer { Task { await receiver.close() } }
        let config = try QueueFixture.config(receiver.url) {
            $0.headers = ["X-Scope-OrgID": "tenant-1"]
            $0.httpClientConfig.basicAuth = BasicAuth(username: "user", password: Secret("pass"))
        }
        let client = try RemoteWriteClient(config: config, httpClient: .shared, userAgent: "agent/1")
        let outcome = await client.store(RemoteWriteTestBodies.body(samples: 1))
        #expect(outcome == .delivered)
        let headers = try #require(receiver.received.first).headers
        #expect(headers.first(name: "Authorization") == "Basic dXNlcjpwYXNz")
        #expect(headers.first(name: "X-Scope-OrgID") == "tenant-1")
        #expect(headers.first(name: "User-Agent") == "agent/1")
        #expect(headers.first(name: "Content-Encoding") == "snappy")
        #expect(headers.first(name: "Retry-Attempt") == nil)
    }

    @Test func readsRelativeCredentialFilesFromTheConfigDirectory() async throws {
        let receiver = try await LoopbackReceiver.start()
        defer { Task { await receiver.close() } }
        let directory = QueueFixture.temporaryDirectory()
        try "relative-token\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let config = try QueueFixture.config(receiver.url) {
            $0.httpClientConfig.authorization = Authorization(type: "Bearer", credentialsFile: "token")
        }
        let client = try RemoteWriteClient(config: config, httpClient: .shared, userAgent: "a", directory: directory)
        #expect(await client.store(RemoteWriteTestBodies.body(samples: 1)) == .delivered)
        let headers = try #require(receiver.received.first).headers
        #expect(headers.first(name: "Authorization") == "Bearer relative-token")
    }

    @Test func readsBearerCredentialsFromAFile() async throws {
        let receiver = try await LoopbackReceiver.start()
        defer { Task { await receiver.close() } }
        let file = QueueFixture.temporaryDirectory() + "/token"
        try "s3cret\n".write(toFile: file, atomically: true, encoding: .utf8)
        let config = try QueueFixture.config(receiver.url) {
            $0.httpClientConfig.authorization = Authorization(type: "Bearer", credentialsFile: file)
        }
        let client = try RemoteWriteClient(config: config, httpClient: .shared, userAgent: "a")
        #expect(await client.store(RemoteWriteTestBodies.body(samples: 1), attempt: 2) == .delivered)
        let headers = try #require(receiver.received.first).headers
        #expect(headers.first(name: "Authorization") == "Bearer s3cret")
        #expect(headers.first(name: "Retry-Attempt") == "2")
    }

    @Test func classifiesAnswersAsUpstreamDoes() async throws {
        let receiver = try await LoopbackReceiver.start()
        defer { Task { await receiver.close() } }
        receiver.script([
            .init(status: .internalServerError),
            .init(status: .tooManyRequests, headers: [("Retry-After", "7")]),
            .init(status: .badRequest),
        ])
        let body = RemoteWriteTestBodies.body(samples: 1)
        let retrying = try RemoteWriteClient(
            config: QueueFixture.config(receiver.url) { $0.queueConfig.retryOnHTTP429 = true }, httpClient: .shared,
            userAgent: "a")
        guard case .recoverable(_, nil) = await retrying.store(body) else {
            Issue.record("500 must be recoverable")
            return
        }
        guard case .recoverable(_, .seconds(7)) = await retrying.store(body) else {
            Issue.record("429 must be recoverable with its Retry-After")
            return
        }
        guard case .unrecoverable = await retrying.store(body) else {
            Issue.record("400 must be unrecoverable")
            return
        }
        let down = try await LoopbackReceiver.stopped()
        let refused = try RemoteWriteClient(
            config: QueueFixture.config(down.url), httpClient: .shared, userAgent: "a")
        guard case .recoverable = await refused.store(body) else {
            Issue.record("a refused connection must be recoverable")
            return
        }
    }
}
