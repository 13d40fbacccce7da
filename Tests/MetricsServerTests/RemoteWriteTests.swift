import ArgusCore
import Exposition
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Storage
import TSDB
import Testing

@testable import MetricsServer

@Suite struct RemoteWriteTests {
    private func body(_ series: [(labels: [(String, String)], samples: [(Int64, Double)])]) -> [UInt8] {
        var request = Prompb.WriteRequest()
        for s in series {
            var ts = Prompb.TimeSeries()
            ts.labels = s.labels.map { Prompb.Label(name: $0.0, value: $0.1) }
            ts.samples = s.samples.map { Prompb.Sample(value: $0.1, timestamp: $0.0) }
            request.timeseries.append(ts)
        }
        return RemoteWrite.encodeBody(request)
    }

    @Test func storesSamplesAndAnswers204() async throws {
        let harness = try await APITestHarness.make()
        let (status, _) = try await harness.post(
            "/api/v1/write",
            body: body([([("__name__", "rw_metric"), ("job", "push")], [(1000, 1), (2000, 2)])]),
            contentType: "application/x-protobuf")
        #expect(status == .noContent)
        let (_, result) = try await harness.get("/api/v1/query?query=rw_metric&time=2")
        #expect(result.contains(#""value":[2,"2"]"#))
    }

    @Test func undecodableBodyIs400AndStoresNothing() async throws {
        let harness = try await APITestHarness.make()
        let (status, text) = try await harness.post(
            "/api/v1/write", body: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], contentType: "application/x-protobuf")
        #expect(status == .badRequest)
        #expect(text.contains("snappy"))
        #expect(harness.db.head.seriesCount == 0)
    }

    @Test func outOfOrderSamplesAre400ButGoodOnesAreKept() async throws {
        let harness = try await APITestHarness.make()
        _ = try await harness.post(
            "/api/v1/write", body: body([([("__name__", "m")], [(5000, 5)])]), contentType: "application/x-protobuf")
        let (status, text) = try await harness.post(
            "/api/v1/write",
            body: body([
                ([("__name__", "m")], [(1000, 1)]),
                ([("__name__", "other")], [(1000, 7)]),
                ([("__name__", "bad name!"), ("", "x")], [(1000, 1)]),
            ]),
            contentType: "application/x-protobuf")
        #expect(status == .badRequest)
        #expect(text.hasPrefix("2 samples rejected, first: "))
        let (_, result) = try await harness.get("/api/v1/query?query=other&time=1")
        #expect(result.contains(#""value":[1,"7"]"#))
    }

    @Test func receiverIsOffUnlessEnabled() async throws {
        var options = APITestHarness.defaultOptions
        options.enableRemoteWriteReceiver = false
        let harness = try await APITestHarness.make(options: options)
        let (status, text) = try await harness.post(
            "/api/v1/write", body: body([([("__name__", "m")], [(1, 1)])]), contentType: "application/x-protobuf")
        #expect(status == .notFound)
        #expect(text.contains("--web.enable-remote-write-receiver"))
    }

    @Test func remoteReadReturnsSamples() async throws {
        let harness = try await APITestHarness.seeded()
        let request = Prompb.ReadRequest(queries: [
            Prompb.Query(
                startTimestampMs: 0, endTimestampMs: 30_000,
                matchers: [Prompb.LabelMatcher(type: .equal, name: "__name__", value: "up")])
        ])
        let response = try await harness.withClient { client in
            try await client.execute(
                uri: "/api/v1/read", method: .post, headers: [.contentType: "application/x-protobuf"],
                body: .init(bytes: RemoteWrite.encodeBody(message: request))
            ) { response in
                (response.status, response.headers[.contentEncoding], Array(response.body.readableBytesView))
            }
        }
        #expect(response.0 == .ok)
        #expect(response.1 == "snappy")
        let decoded = try RemoteWrite.decodeBody(response.2, as: Prompb.ReadResponse.self)
        #expect(decoded.results.count == 1)
        #expect(decoded.results[0].timeseries.count == 2)
        #expect(decoded.results[0].timeseries[0].samples.map(\.timestamp) == [0, 15_000, 30_000])
    }

    @Test func remoteReadStreamsChunksOverHTTP() async throws {
        let harness = try await APITestHarness.seeded()
        let request = Prompb.ReadRequest(
            queries: [
                Prompb.Query(
                    startTimestampMs: 0, endTimestampMs: 300_000,
                    matchers: [Prompb.LabelMatcher(type: .equal, name: "__name__", value: "up")])
            ], acceptedResponseTypes: [.streamedXORChunks])
        let (status, type, encoding, body) = try await harness.withClient { client in
            try await client.execute(
                uri: "/api/v1/read", method: .post, headers: [.contentType: "application/x-protobuf"],
                body: .init(bytes: RemoteWrite.encodeBody(message: request))
            ) { response in
                (
                    response.status, response.headers[.contentType], response.headers[.contentEncoding],
                    Array(response.body.readableBytesView)
                )
            }
        }
        #expect(status == .ok)
        #expect(type == "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse")
        #expect(encoding == nil)
        let frames = try RemoteReadHandlerTests.frames(body)
        #expect(frames.count == 2)
        #expect(try frames.map { try RemoteReadHandlerTests.samples($0.chunkedSeries[0]).count } == [21, 21])
    }
}
