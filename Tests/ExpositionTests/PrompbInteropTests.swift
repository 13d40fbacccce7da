import ArgusTesting
import Exposition
import Testing

/// Cross-checks against the reference protobuf implementation (`protoc`), using
/// our own schema with upstream's field numbers (`Fixtures/prompb.proto`).
@Suite(.enabled(if: Peer.available("protoc"), "protoc is not installed"))
struct PrompbInteropTests {
    typealias Label = Prompb.Label

    static func decode(_ type: String, _ bytes: [UInt8]) async throws -> String {
        let result = try await WireTestSupport.protoc(["--decode=prometheus.\(type)"], stdin: bytes)
        #expect(result.status == 0, "\(result.stderrString)")
        return result.stdoutString
    }

    static func encode(_ type: String, _ text: String) async throws -> [UInt8] {
        let result = try await WireTestSupport.protoc(["--encode=prometheus.\(type)"], stdin: Array(text.utf8))
        #expect(result.status == 0, "\(result.stderrString)")
        return Array(result.stdout)
    }

    @Test func protocPrintsWhatWeEncoded() async throws {
        let request = Prompb.WriteRequest(
            timeseries: [
                Prompb.TimeSeries(
                    labels: [Label(name: "__name__", value: "up"), Label(name: "job", value: "nöde")],
                    samples: [Prompb.Sample(value: 1, timestamp: 1000), Prompb.Sample(value: 0.5, timestamp: -7)]
                )
            ],
            metadata: [Prompb.MetricMetadata(type: .gauge, metricFamilyName: "up", help: "Up.", unit: "")]
        )
        let expected = """
            timeseries {
              labels {
                name: "__name__"
                value: "up"
              }
              labels {
                name: "job"
                value: "n\\303\\266de"
              }
              samples {
                value: 1
                timestamp: 1000
              }
              samples {
                value: 0.5
                timestamp: -7
              }
            }
            metadata {
              type: GAUGE
              metric_family_name: "up"
              help: "Up."
            }

            """
        await #expect(try Self.decode("WriteRequest", request.serializedBytes()) == expected)
    }

    @Test func weDecodeWhatProtocEncoded() async throws {
        let text = """
            queries {
              start_timestamp_ms: 1000 end_timestamp_ms: 2000
              matchers { type: EQ name: "__name__" value: "up" }
              matchers { type: NRE name: "job" value: "node|prom.*" }
              hints { step_ms: 15000 func: "rate" start_ms: 1000 end_ms: 2000
                      grouping: "instance" grouping: "job" by: true range_ms: 300000 }
            }
            queries { start_timestamp_ms: -5 }
            accepted_response_types: STREAMED_XOR_CHUNKS
            accepted_response_types: SAMPLES
            """
        let bytes = try await Self.encode("ReadRequest", text)
        let request = try Prompb.ReadRequest(serializedBytes: bytes)
        #expect(request == PrompbTests.richReadRequest)
        #expect(request.serializedBytes() == bytes)
    }

    /// protoc re-encodes what it decoded from our bytes to the very same bytes:
    /// our output is both valid and canonical.
    @Test func richMessagesSurviveProtoc() async throws {
        func check(_ type: String, _ message: some ProtobufMessage) async throws {
            let ours = message.serializedBytes()
            let text = try await Self.decode(type, ours)
            let reencoded = try await Self.encode(type, text)
            #expect(reencoded == ours, "\(type)\n\(text)")
        }
        try await check("WriteRequest", PrompbTests.richWriteRequest)
        try await check("ReadRequest", PrompbTests.richReadRequest)
        try await check("ReadResponse", PrompbTests.richReadResponse)
        try await check("ChunkedReadResponse", PrompbTests.richChunkedResponse)
        try await check("Histogram", PrompbTests.integerHistogram)
        try await check("Histogram", PrompbTests.floatHistogram)
    }

    static func randomString(_ rng: inout SeededGenerator) -> String {
        let alphabet = Array("abcxyz_:09 \"\\\n\tä€😀")
        return String((0..<Int.random(in: 0..<12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
    }

    static func randomDouble(_ rng: inout SeededGenerator) -> Double {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return 0
        case 1: return Double(Int.random(in: -1000...1000, using: &rng)) / 4
        default:
            let value = Double(bitPattern: rng.next())
            return value.isNaN || value == 0 ? 1 : value
        }
    }

    static func randomRequest(_ rng: inout SeededGenerator) -> Prompb.WriteRequest {
        var request = Prompb.WriteRequest()
        for _ in 0..<Int.random(in: 0..<6, using: &rng) {
            var series = Prompb.TimeSeries()
            for _ in 0..<Int.random(in: 0..<5, using: &rng) {
                series.labels.append(Label(name: randomString(&rng), value: randomString(&rng)))
            }
            for _ in 0..<Int.random(in: 0..<5, using: &rng) {
                series.samples.append(
                    Prompb.Sample(
                        value: randomDouble(&rng), timestamp: Int64(bitPattern: rng.next() >> rng.next() % 64))
                )
            }
            if Bool.random(using: &rng) {
                series.exemplars.append(
                    Prompb.Exemplar(
                        labels: [Label(name: "trace_id", value: randomString(&rng))],
                        value: randomDouble(&rng),
                        timestamp: Int64.random(in: .min ... .max, using: &rng)
                    )
                )
            }
            if Bool.random(using: &rng) {
                var histogram = Prompb.Histogram()
                histogram.count = Bool.random(using: &rng) ? .int(rng.next() >> 40) : .float(randomDouble(&rng))
                histogram.schema = Int32.random(in: -4...8, using: &rng)
                histogram.positiveSpans = [Prompb.BucketSpan(offset: Int32.random(in: -9...9, using: &rng), length: 2)]
                histogram.positiveDeltas = [
                    Int64.random(in: -99...99, using: &rng), Int64.random(in: .min ... .max, using: &rng),
                ]
                histogram.negativeCounts = [randomDouble(&rng)]
                histogram.resetHint = Prompb.Histogram.ResetHint(rawValue: Int32.random(in: 0...3, using: &rng))
                series.histograms.append(histogram)
            }
            request.timeseries.append(series)
        }
        for _ in 0..<Int.random(in: 0..<3, using: &rng) {
            request.metadata.append(
                Prompb.MetricMetadata(
                    type: Prompb.MetricMetadata.MetricType(rawValue: Int32.random(in: 0...7, using: &rng)),
                    metricFamilyName: randomString(&rng),
                    help: randomString(&rng),
                    unit: randomString(&rng)
                )
            )
        }
        return request
    }

    @Test func randomRequestsSurviveProtoc() async throws {
        var rng = SeededGenerator(seed: 31)
        for _ in 0..<25 {
            let request = Self.randomRequest(&rng)
            let ours = request.serializedBytes()
            let text = try await Self.decode("WriteRequest", ours)
            let theirs = try await Self.encode("WriteRequest", text)
            #expect(theirs == ours, "\(text)")
            #expect(try Prompb.WriteRequest(serializedBytes: theirs) == request)
        }
    }
}
