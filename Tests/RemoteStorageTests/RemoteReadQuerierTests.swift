import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import Exposition
import Foundation
import NIOHTTP1
import OutboundHTTP
import RemoteStorage
import Storage
import Synchronization
import Testing

@Suite struct RemoteReadQuerierTests {
    /// What the endpoint was asked, and with which headers.
    final class Seen: Sendable {
        let requests = Mutex<[(headers: HTTPHeaders, request: Prompb.ReadRequest)]>([])
        var count: Int { requests.withLock { $0.count } }
        var last: (headers: HTTPHeaders, request: Prompb.ReadRequest)? { requests.withLock { $0.last } }
    }

    /// Configured as the server's remote-read client is.
    static let httpClient = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: RemoteReadStorage.clientConfiguration)

    /// An endpoint that answers every query with `series` (labels, samples).
    static func endpoint(_ series: [([(String, String)], [(Int64, Double)])]) async throws -> (LoopbackReceiver, Seen) {
        let receiver = try await LoopbackReceiver.start()
        let seen = Seen()
        receiver.serve { head, body in
            guard let request = try? RemoteWrite.decodeBody(body, as: Prompb.ReadRequest.self) else {
                return .init(status: .badRequest, body: Array("not a read request".utf8))
            }
            seen.requests.withLock { $0.append((head.headers, request)) }
            var result = Prompb.QueryResult()
            for (labels, samples) in series {
                var ts = Prompb.TimeSeries()
                ts.labels = labels.map { Prompb.Label(name: $0.0, value: $0.1) }
                ts.samples = samples.map { Prompb.Sample(value: $0.1, timestamp: $0.0) }
                result.timeseries.append(ts)
            }
            var response = Prompb.ReadResponse()
            response.results = Array(repeating: result, count: request.queries.count)
            return .init(
                status: .ok, headers: [("Content-Type", "application/x-protobuf")],
                body: RemoteWrite.encodeBody(message: response))
        }
        return (receiver, seen)
    }

    static func querier(
        _ url: String, externalLabels: Labels = Labels(), readRecent: Bool = true, localStart: Int64 = 0,
        configure: (inout RemoteReadConfig) -> Void = { _ in }
    ) throws -> RemoteReadQuerier {
        var config = RemoteReadConfig(url: try ConfigURL(parsing: url))
        config.remoteTimeout = PromDuration(seconds: 5)
        configure(&config)
        let client = try RemoteReadClient(
            config: config, httpClient: OutboundClient(Self.httpClient), userAgent: "argus-test")
        return RemoteReadQuerier(
            client: client, externalLabels: externalLabels, requiredMatchers: config.requiredMatchers,
            readRecent: readRecent, localStartTime: { localStart })
    }

    @Test func sendsTheSelectionAndStripsTheExternalLabelsItAdded() async throws {
        let (receiver, seen) = try await Self.endpoint([
            ([("__name__", "up"), ("job", "b"), ("region", "eu")], [(1000, 1), (2000, 2), (9000, 9)]),
            ([("__name__", "up"), ("job", "a"), ("region", "eu")], [(1500, 3)]),
        ])
        defer { Task { await receiver.close() } }
        let querier = try Self.querier(receiver.url, externalLabels: ["region": "eu", "job": "x"]) {
            $0.headers = ["X-Scope-OrgID": "tenant"]
            $0.httpClientConfig.authorization = Authorization(type: "Bearer", credentials: Secret("t0k"))
        }
        let series = try querier.select(
            [.equal("__name__", "up"), try .init(.regexMatch, "job", "a|b")], mint: 0, maxt: 5000)
        // Sorted by labels, `region` removed, samples outside the range dropped.
        #expect(series.map(\.labels) == [["__name__": "up", "job": "a"], ["__name__": "up", "job": "b"]])
        #expect(series[1].samples == [Sample(timestamp: 1000, value: 1), Sample(timestamp: 2000, value: 2)])

        let (headers, request) = try #require(seen.last)
        let query = try #require(request.queries.first)
        #expect(query.startTimestampMs == 0 && query.endTimestampMs == 5000)
        // `job` is matched by the query already, so only `region` is added.
        #expect(
            query.matchers.map { "\($0.name) \($0.type) \($0.value)" } == [
                "__name__ EQ up", "job RE a|b", "region EQ eu",
            ])
        #expect(headers.first(name: "X-Prometheus-Remote-Read-Version") == "0.1.0")
        #expect(headers.first(name: "Content-Encoding") == "snappy")
        #expect(headers.first(name: "Authorization") == "Bearer t0k")
        #expect(headers.first(name: "X-Scope-OrgID") == "tenant")
        #expect(headers.first(name: "User-Agent") == "argus-test")
    }

    @Test func requiredMatchersGateTheQuery() async throws {
        let (receiver, seen) = try await Self.endpoint([([("__name__", "up")], [(1000, 1)])])
        defer { Task { await receiver.close() } }
        let querier = try Self.querier(receiver.url) { $0.requiredMatchers = ["job": "archive"] }
        #expect(try querier.select([.equal("__name__", "up")], mint: 0, maxt: 5000).isEmpty)
        #expect(try querier.select([try .init(.regexMatch, "job", "archive")], mint: 0, maxt: 5000).isEmpty)
        #expect(seen.count == 0)
        #expect(try querier.select([.equal("job", "archive")], mint: 0, maxt: 5000).count == 1)
        #expect(seen.count == 1)
    }

    @Test func withoutReadRecentOnlyTheTimeBeforeLocalStorageIsAskedFor() async throws {
        let (receiver, seen) = try await Self.endpoint([([("__name__", "up")], [(500, 1), (1500, 2)])])
        defer { Task { await receiver.close() } }
        let querier = try Self.querier(receiver.url, readRecent: false, localStart: 1000)
        #expect(try querier.select([.equal("__name__", "up")], mint: 1001, maxt: 5000).isEmpty)
        #expect(seen.count == 0)
        let series = try querier.select([.equal("__name__", "up")], mint: 0, maxt: 5000)
        #expect(series.first?.samples == [Sample(timestamp: 500, value: 1)])
        #expect(seen.last?.request.queries.first?.endTimestampMs == 1000)
    }

    @Test func failuresNameTheEndpointAndWhatWentWrong() async throws {
        let receiver = try await LoopbackReceiver.start()
        defer { Task { await receiver.close() } }
        receiver.serve { _, _ in .init(status: .internalServerError, body: Array("disk on fire\n".utf8)) }
        let failing = try Self.querier(receiver.url)
        let error = #expect(throws: StorageError.self) { try failing.select([.equal("a", "b")], mint: 0, maxt: 1) }
        #expect(
            error?.message
                == "remote_read: remote server \(receiver.url) returned HTTP status 500 Internal Server Error: disk on fire"
        )

        let garbage = try await LoopbackReceiver.start()
        defer { Task { await garbage.close() } }
        garbage.serve { _, _ in .init(status: .ok, body: [0xFF, 0xFF, 0xFF]) }
        let undecodable = try Self.querier(garbage.url)
        let decodeError = #expect(throws: StorageError.self) {
            try undecodable.select([.equal("a", "b")], mint: 0, maxt: 1)
        }
        #expect(decodeError?.message.hasPrefix("remote_read: error reading response from \(garbage.url): ") == true)

        // A refused connection fails at once, well within the 60 s timeout.
        let stopped = try await LoopbackReceiver.stopped()
        let unreachable = try Self.querier(stopped.url) { $0.remoteTimeout = PromDuration(seconds: 60) }
        let started = ContinuousClock.now
        let sendError = #expect(throws: StorageError.self) {
            try unreachable.select([.equal("a", "b")], mint: 0, maxt: 1)
        }
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(sendError?.message.hasPrefix("remote_read: error sending request: Post \"\(stopped.url)\"") == true)
    }

    @Test func unsupportedSettingsAreRefusedByName() async throws {
        var config = RemoteReadConfig(url: try ConfigURL(parsing: "http://127.0.0.1:1/read"))
        // tls_config and proxies are the storage's to load, per endpoint: one it cannot honour changes nothing.
        let storage = RemoteReadStorage(userAgent: "a") { 0 }
        try storage.apply([config], externalLabels: Labels(), evaluationInterval: 1000)
        config.httpClientConfig.proxyFromEnvironment = true
        let proxy = #expect(throws: RemoteStorageError.self) {
            try storage.apply([config], externalLabels: Labels(), evaluationInterval: 1000)
        }
        #expect(
            proxy?.message
                == "remote_read http://127.0.0.1:1/read: proxy_from_environment is not supported yet by Argus")
        config.httpClientConfig.proxyFromEnvironment = false
        config.httpClientConfig.tlsConfig.serverName = "10.0.0.1"
        let tls = #expect(throws: RemoteStorageError.self) {
            try storage.apply([config, config], externalLabels: Labels(), evaluationInterval: 1000)
        }
        #expect(
            tls?.message
                == "remote_read http://127.0.0.1:1/read: tls_config: server_name 10.0.0.1: an IP address is not supported yet by Argus"
        )
        #expect(storage.queriers.count == 1)
        await storage.shutdown()
    }
}
