import ArgusCore
import Dispatch
import Exposition
import MetricsTestKit
import Storage
import Synchronization
import TSDB
import Testing

@testable import MetricsServer

/// `/api/v1/read` as upstream answers it: response-type negotiation, the
/// `STREAMED_XOR_CHUNKS` frames, and external labels.
@Suite struct RemoteReadHandlerTests {
    /// `up` for jobs a and b, one sample every 15 s; a third series with `samples` samples.
    static func storage(longSeries samples: Int = 0) throws -> MemoryStorage {
        let storage = MemoryStorage()
        let appender = storage.appender()
        for step in 0..<21 {
            for job in ["a", "b"] {
                try appender.append(["__name__": "up", "job": job], timestamp: Int64(step) * 15_000, value: 1)
            }
        }
        for i in 0..<samples {
            try appender.append(["__name__": "long"], timestamp: Int64(i) * 1000, value: Double(i) * 0.5)
        }
        try appender.commit()
        return storage
    }

    static func request(
        _ queries: [(name: String, start: Int64, end: Int64)], accept: [Prompb.ReadRequest.ResponseType]
    ) -> [UInt8] {
        RemoteWrite.encodeBody(
            message: Prompb.ReadRequest(
                queries: queries.map {
                    Prompb.Query(
                        startTimestampMs: $0.start, endTimestampMs: $0.end,
                        matchers: [Prompb.LabelMatcher(type: .equal, name: "__name__", value: $0.name)])
                }, acceptedResponseTypes: accept))
    }

    /// Splits a streamed body into its messages, checking each frame's CRC-32C.
    static func frames(_ body: [UInt8]) throws -> [Prompb.ChunkedReadResponse] {
        var frames: [Prompb.ChunkedReadResponse] = []
        var position = 0
        while position < body.count {
            var length = 0
            var shift = 0
            while true {
                let byte = body[position]
                position += 1
                length |= Int(byte & 0x7F) << shift
                shift += 7
                if byte < 0x80 { break }
            }
            let crc = body[position..<position + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            position += 4
            let message = Array(body[position..<position + length])
            position += length
            #expect(message.withUnsafeBytes { CRC32C.checksum($0) } == crc)
            frames.append(try Prompb.ChunkedReadResponse(serializedBytes: message))
        }
        return frames
    }

    /// The samples of a frame's series, decoded from its XOR chunks.
    static func samples(_ series: Prompb.ChunkedSeries) throws -> [Sample] {
        var samples: [Sample] = []
        for chunk in series.chunks {
            #expect(chunk.type == .xor)
            let decoded = try XORChunk(bytes: chunk.data).samples()
            #expect(decoded.first?.timestamp == chunk.minTimeMs)
            #expect(decoded.last?.timestamp == chunk.maxTimeMs)
            samples += decoded
        }
        return samples
    }

    @Test func streamedChunksCarryEverySampleInCheckedFrames() throws {
        let handler = RemoteReadHandler(storage: try Self.storage())
        let answer = handler.read(
            Self.request([("up", 0, 150_000), ("up", 300_000, 300_000)], accept: [.streamedXORChunks, .samples]))
        #expect(answer.status == 200)
        #expect(answer.contentType == "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse")
        #expect(answer.contentEncoding == nil)
        let frames = try Self.frames(answer.body)
        #expect(frames.map(\.queryIndex) == [0, 0, 1, 1])
        #expect(frames.map { $0.chunkedSeries.count } == [1, 1, 1, 1])
        let first = frames[0].chunkedSeries[0]
        #expect(first.labels == [Prompb.Label(name: "__name__", value: "up"), Prompb.Label(name: "job", value: "a")])
        #expect(try Self.samples(first) == (0...10).map { Sample(timestamp: Int64($0) * 15_000, value: 1) })
        #expect(try Self.samples(frames[3].chunkedSeries[0]) == [Sample(timestamp: 300_000, value: 1)])
    }

    @Test func aSeriesIsSplitIntoFramesOfAboutMaxBytes() throws {
        let storage = try Self.storage(longSeries: 1000)
        let expected = (0..<1000).map { Sample(timestamp: Int64($0) * 1000, value: Double($0) * 0.5) }
        // A tiny frame size: every 120-sample chunk goes into a frame of its own.
        let small = RemoteReadHandler(storage: storage, maxBytesInFrame: 100)
        let split = try Self.frames(
            small.read(Self.request([("long", 0, 1_000_000)], accept: [.streamedXORChunks])).body)
        #expect(split.count == 9)
        #expect(split.allSatisfy { $0.chunkedSeries[0].chunks.count == 1 })
        #expect(split.allSatisfy { $0.chunkedSeries[0].labels == [Prompb.Label(name: "__name__", value: "long")] })
        #expect(try split.flatMap { try Self.samples($0.chunkedSeries[0]) } == expected)
        // The default 1 MiB holds the whole series.
        let whole = try Self.frames(
            RemoteReadHandler(storage: storage).read(
                Self.request([("long", 0, 1_000_000)], accept: [.streamedXORChunks])
            )
            .body)
        #expect(whole.count == 1)
        #expect(
            whole[0].chunkedSeries[0].chunks.map { $0.maxTimeMs - $0.minTimeMs } == Array(repeating: 119_000, count: 8)
                + [39_000])
        #expect(try Self.samples(whole[0].chunkedSeries[0]) == expected)
    }

    @Test func responseTypeIsTheFirstSupportedOne() throws {
        let handler = RemoteReadHandler(storage: try Self.storage())
        let query = [("up", Int64(0), Int64(0))]
        let samples = handler.read(Self.request(query, accept: [.samples, .streamedXORChunks]))
        #expect(samples.contentType == "application/x-protobuf")
        #expect(samples.contentEncoding == "snappy")
        let decoded = try RemoteWrite.decodeBody(samples.body, as: Prompb.ReadResponse.self)
        #expect(decoded.results[0].timeseries.count == 2)
        #expect(handler.read(Self.request(query, accept: [])).contentType == "application/x-protobuf")
        let unknown = Prompb.ReadRequest.ResponseType(rawValue: 7)
        #expect(handler.read(Self.request(query, accept: [unknown, .streamedXORChunks])).status == 200)
        let refused = handler.read(Self.request(query, accept: [unknown]))
        #expect(refused.status == 400)
        #expect(
            String(decoding: refused.body, as: UTF8.self)
                == "server does not support any of the requested response types: [7]; supported: SAMPLES, STREAMED_XOR_CHUNKS\n"
        )
    }

    @Test func externalLabelsAreAddedAndTheirMatchersDropped() throws {
        let handler = RemoteReadHandler(storage: try Self.storage())
        let external: Labels = ["region": "eu", "job": "x"]
        func read(_ matchers: [Prompb.LabelMatcher], accept: Prompb.ReadRequest.ResponseType)
            -> RemoteReadHandler.Answer
        {
            handler.read(
                RemoteWrite.encodeBody(
                    message: Prompb.ReadRequest(
                        queries: [Prompb.Query(startTimestampMs: 0, endTimestampMs: 0, matchers: matchers)],
                        acceptedResponseTypes: [accept])),
                externalLabels: external)
        }
        let up = Prompb.LabelMatcher(type: .equal, name: "__name__", value: "up")
        let eu = Prompb.LabelMatcher(type: .equal, name: "region", value: "eu")
        let samples = try RemoteWrite.decodeBody(read([up, eu], accept: .samples).body, as: Prompb.ReadResponse.self)
        // The series' own job wins over the external one.
        #expect(
            samples.results[0].timeseries.map(\.labels) == [
                [
                    .init(name: "__name__", value: "up"), .init(name: "job", value: "a"),
                    .init(name: "region", value: "eu"),
                ],
                [
                    .init(name: "__name__", value: "up"), .init(name: "job", value: "b"),
                    .init(name: "region", value: "eu"),
                ],
            ])
        let streamed = try Self.frames(read([up, eu], accept: .streamedXORChunks).body)
        #expect(
            streamed.map { $0.chunkedSeries[0].labels.last } == [
                .init(name: "region", value: "eu"), .init(name: "region", value: "eu"),
            ])
        // Another region's value is not this server's: nothing matches.
        let us = Prompb.LabelMatcher(type: .equal, name: "region", value: "us")
        let none = try RemoteWrite.decodeBody(read([up, us], accept: .samples).body, as: Prompb.ReadResponse.self)
        #expect(none.results[0].timeseries.isEmpty)
    }

    @Test func sampleLimitAppliesToBothTypes() {
        let handler = RemoteReadHandler(storage: (try? Self.storage())!, sampleLimit: 30)
        for accept in [Prompb.ReadRequest.ResponseType.samples, .streamedXORChunks] {
            let answer = handler.read(Self.request([("up", 0, 300_000)], accept: [accept]))
            #expect(answer.status == 400)
            #expect(String(decoding: answer.body, as: UTF8.self) == "exceeded sample limit (30)\n")
        }
    }
}

/// `--storage.remote.read-concurrent-limit` and `prometheus_api_remote_read_queries`.
@Suite struct RemoteReadGateTests {
    @Test func aLimitOfOneRunsReadsOneAtATimeAndCountsThoseWaiting() async throws {
        let metrics = TestMetrics()
        let gate = RemoteReadGate(limit: 1, factory: metrics)
        let running = Concurrent()
        let release = DispatchSemaphore(value: 0)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<3 {
                group.addTask {
                    await gate.run {
                        running.enter()
                        release.wait()
                        running.leave()
                        return i
                    }
                }
            }
            // All three are in flight (one reading, two waiting) before any finishes.
            let gauge = try metrics.expectGauge("prometheus_api_remote_read_queries")
            let deadline = ContinuousClock.now + .seconds(10)
            while gauge.lastValue != 3 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            #expect(gauge.lastValue == 3)
            for _ in 0..<3 { release.signal() }
            var finished: [Int] = []
            for try await i in group { finished.append(i) }
            #expect(finished.sorted() == [0, 1, 2])
            #expect(gauge.lastValue == 0)
        }
        #expect(running.most == 1)
    }

    @Test func zeroMeansNoLimit() async {
        let gate = RemoteReadGate(limit: 0, factory: TestMetrics())
        let release = DispatchSemaphore(value: 0)
        let running = Concurrent()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    await gate.run {
                        running.enter()
                        release.wait()
                    }
                }
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while running.most < 3 && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(5))
            }
            #expect(running.most == 3)
            for _ in 0..<3 { release.signal() }
        }
    }
}

/// How many closures run at once, and the most that ever did.
private final class Concurrent: Sendable {
    private let state = Mutex((now: 0, most: 0))

    var most: Int { state.withLock { $0.most } }

    func enter() {
        state.withLock {
            $0.now += 1
            $0.most = max($0.most, $0.now)
        }
    }

    func leave() { state.withLock { $0.now -= 1 } }
}
