import ArgusTesting
import Exposition
import Testing

@Suite struct PrompbTests {
    typealias Label = Prompb.Label

    /// A request touching every field of every remote-write message.
    static let richWriteRequest = Prompb.WriteRequest(
        timeseries: [
            Prompb.TimeSeries(
                labels: [Label(name: "__name__", value: "http_requests_total"), Label(name: "path", value: "/ä/β/😀")],
                samples: [
                    Prompb.Sample(value: 1, timestamp: 1_700_000_000_000),
                    Prompb.Sample(value: -2.5e-300, timestamp: -1),
                    Prompb.Sample(value: 0, timestamp: 0),
                    Prompb.Sample(value: .infinity, timestamp: .max),
                ],
                exemplars: [
                    Prompb.Exemplar(labels: [Label(name: "trace_id", value: "abc123")], value: 0.25, timestamp: 17),
                    Prompb.Exemplar(labels: [], value: 0, timestamp: 0),
                ]
            ),
            Prompb.TimeSeries(
                labels: [Label(name: "__name__", value: "latency_seconds")],
                histograms: [integerHistogram, floatHistogram]
            ),
            Prompb.TimeSeries(labels: [Label(name: "", value: "")]),
        ],
        metadata: [
            Prompb.MetricMetadata(
                type: .counter,
                metricFamilyName: "http_requests_total",
                help: "Total requests.\nSecond line.",
                unit: "requests"
            ),
            Prompb.MetricMetadata(type: .stateSet, metricFamilyName: "feature"),
            Prompb.MetricMetadata(type: Prompb.MetricMetadata.MetricType(rawValue: -3), metricFamilyName: "odd"),
        ]
    )

    static var integerHistogram: Prompb.Histogram {
        var histogram = Prompb.Histogram()
        histogram.count = .int(0)
        histogram.sum = 12.5
        histogram.schema = -4
        histogram.zeroThreshold = 1e-128
        histogram.zeroCount = .int(3)
        histogram.negativeSpans = [Prompb.BucketSpan(offset: -2, length: 2)]
        histogram.negativeDeltas = [1, -1]
        histogram.positiveSpans = [Prompb.BucketSpan(offset: 0, length: 3), Prompb.BucketSpan(offset: 5, length: 1)]
        histogram.positiveDeltas = [4, -2, Int64.min, Int64.max]
        histogram.resetHint = .no
        histogram.timestamp = 1_700_000_000_123
        return histogram
    }

    static var floatHistogram: Prompb.Histogram {
        var histogram = Prompb.Histogram()
        histogram.count = .float(7.5)
        histogram.sum = -1
        histogram.schema = 8
        histogram.zeroCount = .float(0.5)
        histogram.negativeCounts = [1.5]
        histogram.positiveSpans = [Prompb.BucketSpan(offset: 1, length: 2)]
        histogram.positiveCounts = [2, 3.5]
        histogram.resetHint = .gauge
        histogram.customValues = [0.1, 1, 10]
        return histogram
    }

    static let richReadRequest = Prompb.ReadRequest(
        queries: [
            Prompb.Query(
                startTimestampMs: 1_000,
                endTimestampMs: 2_000,
                matchers: [
                    Prompb.LabelMatcher(type: .equal, name: "__name__", value: "up"),
                    Prompb.LabelMatcher(type: .regexNoMatch, name: "job", value: "node|prom.*"),
                ],
                hints: Prompb.ReadHints(
                    stepMs: 15_000,
                    function: "rate",
                    startMs: 1_000,
                    endMs: 2_000,
                    grouping: ["instance", "job"],
                    by: true,
                    rangeMs: 300_000
                )
            ),
            Prompb.Query(startTimestampMs: -5, endTimestampMs: 0, matchers: []),
        ],
        acceptedResponseTypes: [.streamedXORChunks, .samples]
    )

    static let richChunkedResponse = Prompb.ChunkedReadResponse(
        chunkedSeries: [
            Prompb.ChunkedSeries(
                labels: [Label(name: "__name__", value: "up")],
                chunks: [
                    Prompb.Chunk(minTimeMs: 1, maxTimeMs: 2, type: .xor, data: [0, 1, 2, 255]),
                    Prompb.Chunk(minTimeMs: 0, maxTimeMs: 0, type: .floatHistogram, data: []),
                ]
            )
        ],
        queryIndex: 3
    )

    static let richReadResponse = Prompb.ReadResponse(results: [
        Prompb.QueryResult(timeseries: richWriteRequest.timeseries), Prompb.QueryResult(),
    ])

    // MARK: - Golden bytes

    @Test func goldenWriteRequest() throws {
        let request = Prompb.WriteRequest(timeseries: [
            Prompb.TimeSeries(
                labels: [Label(name: "__name__", value: "up")],
                samples: [Prompb.Sample(value: 1, timestamp: 1000)]
            )
        ])
        let expected: [UInt8] =
            [0x0a, 0x1e]  // timeseries, 30 bytes
            + [0x0a, 0x0e, 0x0a, 0x08] + Array("__name__".utf8) + [0x12, 0x02] + Array("up".utf8)
            + [0x12, 0x0c, 0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x10, 0xe8, 0x07]
        #expect(request.serializedBytes() == expected)
        #expect(try Prompb.WriteRequest(serializedBytes: expected) == request)
    }

    @Test func goldenReadRequestPacksResponseTypes() throws {
        let request = Prompb.ReadRequest(
            queries: [Prompb.Query(startTimestampMs: 1, endTimestampMs: 2, matchers: [])],
            acceptedResponseTypes: [.streamedXORChunks]
        )
        #expect(request.serializedBytes() == [0x0a, 0x04, 0x08, 0x01, 0x10, 0x02, 0x12, 0x01, 0x01])
    }

    @Test func emptyMessagesEncodeToNothing() throws {
        #expect(Prompb.WriteRequest().serializedBytes() == [])
        #expect(Prompb.Histogram().serializedBytes() == [])
        #expect(try Prompb.WriteRequest(serializedBytes: []) == Prompb.WriteRequest())
        // A repeated message that is empty is still written, as an empty field.
        #expect(Prompb.WriteRequest(timeseries: [Prompb.TimeSeries()]).serializedBytes() == [0x0a, 0x00])
    }

    @Test func longMessagesGetMultiByteLengths() throws {
        let long = String(repeating: "x", count: 20_000)
        let request = Prompb.WriteRequest(timeseries: [Prompb.TimeSeries(labels: [Label(name: "a", value: long)])])
        let bytes = request.serializedBytes()
        // timeseries length: 1 + 3 + (1 + 1 + 1 + 1 + 3 + 20_000) = 20_011 = 0xab 0x9c 0x01
        #expect(Array(bytes.prefix(4)) == [0x0a, 0xab, 0x9c, 0x01])
        #expect(try Prompb.WriteRequest(serializedBytes: bytes) == request)
    }

    // MARK: - Round trips

    @Test func roundTripsEveryMessage() throws {
        #expect(
            try Prompb.WriteRequest(serializedBytes: Self.richWriteRequest.serializedBytes()) == Self.richWriteRequest)
        #expect(try Prompb.ReadRequest(serializedBytes: Self.richReadRequest.serializedBytes()) == Self.richReadRequest)
        #expect(
            try Prompb.ReadResponse(serializedBytes: Self.richReadResponse.serializedBytes()) == Self.richReadResponse)
        #expect(
            try Prompb.ChunkedReadResponse(serializedBytes: Self.richChunkedResponse.serializedBytes())
                == Self.richChunkedResponse
        )
    }

    @Test func staleMarkerNaNKeepsItsBits() throws {
        let staleNaN = Double(bitPattern: 0x7ff0_0000_0000_0002)
        let series = Prompb.TimeSeries(labels: [], samples: [Prompb.Sample(value: staleNaN, timestamp: 5)])
        let decoded = try Prompb.TimeSeries(serializedBytes: series.serializedBytes())
        #expect(decoded.samples.first?.value.bitPattern == 0x7ff0_0000_0000_0002)
    }

    @Test func remoteWriteBodyRoundTrip() throws {
        let body = RemoteWrite.encodeBody(Self.richWriteRequest)
        #expect(try RemoteWrite.decodeBody(body) == Self.richWriteRequest)
        let read = RemoteWrite.encodeBody(message: Self.richReadRequest)
        #expect(try RemoteWrite.decodeBody(read, as: Prompb.ReadRequest.self) == Self.richReadRequest)
        let error = #expect(throws: WireFormatError.self) { try RemoteWrite.decodeBody(body, maxDecodedLength: 10) }
        #expect(error?.code == .snappyTooLarge)
        let notSnappy = #expect(throws: WireFormatError.self) {
            try RemoteWrite.decodeBody(Self.richWriteRequest.serializedBytes())
        }
        #expect(notSnappy?.code == .snappyCorrupt)
    }

    // MARK: - Decoder leniency

    @Test func acceptsUnpackedRepeatedScalars() throws {
        // accepted_response_types as two separate varint fields, then one packed field
        let bytes: [UInt8] = [0x10, 0x01, 0x10, 0x00, 0x12, 0x02, 0x01, 0x05]
        let request = try Prompb.ReadRequest(serializedBytes: bytes)
        #expect(request.acceptedResponseTypes.map(\.rawValue) == [1, 0, 1, 5])
        // Histogram: unpacked sint64 delta (zigzag 3 = -2) and unpacked double count.
        let histogram = try Prompb.Histogram(serializedBytes: [0x48, 0x03, 0x51, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f])
        #expect(histogram.negativeDeltas == [-2])
        #expect(histogram.negativeCounts == [1])
    }

    @Test func skipsUnknownFieldsOfEveryWireType() throws {
        let label = Label(name: "a", value: "b").serializedBytes()
        let unknown: [UInt8] =
            [0xa8, 0x06, 0x96, 0x01]  // field 101 varint
            + [0xa9, 0x06, 1, 2, 3, 4, 5, 6, 7, 8]  // field 101 fixed64
            + [0xad, 0x06, 1, 2, 3, 4]  // field 101 fixed32
            + [0xaa, 0x06, 0x03, 9, 9, 9]  // field 101 length-delimited
            + [0xab, 0x06, 0x08, 0x01, 0x13, 0x14, 0xac, 0x06]  // group 101 holding a varint and group 2
            + [0x10, 0x07]  // reserved field 2 of WriteRequest
        let series: [UInt8] = [0x0a, UInt8(label.count)] + label
        let bytes = unknown + [0x0a, UInt8(series.count)] + series + unknown
        let request = try Prompb.WriteRequest(serializedBytes: bytes)
        #expect(request == Prompb.WriteRequest(timeseries: [Prompb.TimeSeries(labels: [Label(name: "a", value: "b")])]))
    }

    @Test func laterScalarWinsAndEmbeddedMessagesMerge() throws {
        let bytes: [UInt8] = [0x08, 0x01, 0x22, 0x02, 0x08, 0x05, 0x08, 0x02, 0x22, 0x02, 0x30, 0x01]
        let query = try Prompb.Query(serializedBytes: bytes)
        #expect(query.startTimestampMs == 2)
        #expect(query.hints == Prompb.ReadHints(stepMs: 5, by: true))
    }

    // MARK: - Errors

    struct Bad: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var code: WireFormatError.Code
        var offset: Int
        var testDescription: String { name }
    }

    static let badMessages: [Bad] = [
        Bad(name: "truncated tag", bytes: [0x80], code: .protobufTruncated, offset: 0),
        Bad(name: "wire type 7", bytes: [0x0f], code: .protobufInvalidWireType, offset: 0),
        Bad(name: "wire type 6", bytes: [0x0a, 0x00, 0x0e], code: .protobufInvalidWireType, offset: 2),
        Bad(name: "field number 0", bytes: [0x02, 0x00], code: .protobufInvalidFieldNumber, offset: 0),
        Bad(
            name: "field number 2^29", bytes: [0x80, 0x80, 0x80, 0x80, 0x10], code: .protobufInvalidFieldNumber,
            offset: 0),
        Bad(
            name: "varint overflow",
            bytes: [0x28] + [UInt8](repeating: 0xff, count: 9) + [0x02],
            code: .protobufVarintOverflow,
            offset: 1
        ),
        Bad(
            name: "eleven-byte varint",
            bytes: [0x28] + [UInt8](repeating: 0x80, count: 10) + [0x00],
            code: .protobufVarintOverflow,
            offset: 1
        ),
        Bad(name: "length past end", bytes: [0x0a, 0x05, 0x0a], code: .protobufTruncated, offset: 1),
        Bad(name: "huge length", bytes: [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f], code: .protobufTruncated, offset: 1),
        Bad(name: "nested truncation", bytes: [0x0a, 0x03, 0x0a, 0x05, 0x0a], code: .protobufTruncated, offset: 3),
        Bad(
            name: "invalid UTF-8 in label",
            bytes: [0x0a, 0x06, 0x0a, 0x04, 0x0a, 0x02, 0xc3, 0x28],
            code: .protobufInvalidUTF8,
            offset: 5
        ),
        Bad(
            name: "fixed64 truncated",
            bytes: [0x0a, 0x06, 0x12, 0x04, 0x09, 0x00, 0x00, 0x00],
            code: .protobufTruncated,
            offset: 5
        ),
        Bad(
            name: "wrong wire type for samples",
            bytes: [0x0a, 0x02, 0x12, 0x00, 0x0a, 0x01, 0x11],
            code: .protobufInvalidWireType,
            offset: 6
        ),
        Bad(name: "wrong wire type for timeseries", bytes: [0x08, 0x01], code: .protobufInvalidWireType, offset: 0),
        Bad(name: "unmatched end group", bytes: [0x2c], code: .protobufInvalidWireType, offset: 0),
        Bad(name: "unterminated group", bytes: [0x2b, 0x08, 0x01], code: .protobufTruncated, offset: 0),
        Bad(name: "mismatched end group", bytes: [0x2b, 0x14], code: .protobufInvalidWireType, offset: 1),
        Bad(
            name: "groups nested too deep",
            bytes: [UInt8](repeating: 0x2b, count: 100),
            code: .protobufNestingTooDeep,
            offset: 64
        ),
    ]

    @Test(arguments: badMessages)
    func rejectsMalformedMessages(bad: Bad) {
        do {
            let request = try Prompb.WriteRequest(serializedBytes: bad.bytes)
            Issue.record("decoded \(request) from malformed input")
        } catch {
            #expect(error.code == bad.code, "\(error)")
            #expect(error.offset == bad.offset, "\(error)")
        }
    }

    @Test func wrongWireTypeForKnownScalar() {
        // Sample.value (field 1) sent as a varint.
        let error = #expect(throws: WireFormatError.self) { try Prompb.Sample(serializedBytes: [0x08, 0x01]) }
        #expect(error?.code == .protobufInvalidWireType)
        #expect(error?.offset == 0)
    }

    // MARK: - Fuzz-style

    static func decodeAll(_ bytes: [UInt8]) {
        _ = try? Prompb.WriteRequest(serializedBytes: bytes)
        _ = try? Prompb.ReadRequest(serializedBytes: bytes)
        _ = try? Prompb.ReadResponse(serializedBytes: bytes)
        _ = try? Prompb.ChunkedReadResponse(serializedBytes: bytes)
        _ = try? Prompb.Histogram(serializedBytes: bytes)
    }

    @Test func truncatedMessagesNeverCrash() throws {
        let bytes = Self.richWriteRequest.serializedBytes()
        var failures = 0
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            if (try? Prompb.WriteRequest(serializedBytes: prefix)) == nil { failures += 1 }
            Self.decodeAll(prefix)
        }
        // Cutting at a top-level field boundary leaves a valid, shorter message.
        #expect(failures >= bytes.count - Self.richWriteRequest.timeseries.count - Self.richWriteRequest.metadata.count)
        for message in [Self.richReadRequest.serializedBytes(), Self.richChunkedResponse.serializedBytes()] {
            for length in 0..<message.count { Self.decodeAll(Array(message.prefix(length))) }
        }
    }

    @Test func bitFlippedMessagesNeverCrash() throws {
        for message in [Self.richWriteRequest.serializedBytes(), Self.richReadRequest.serializedBytes()] {
            for index in message.indices {
                for bit in 0..<8 {
                    var flipped = message
                    flipped[index] ^= 1 << bit
                    Self.decodeAll(flipped)
                    // Whatever decodes re-encodes canonically (bytes, not ==, because of NaN).
                    if let request = try? Prompb.WriteRequest(serializedBytes: flipped) {
                        let canonical = request.serializedBytes()
                        #expect(try Prompb.WriteRequest(serializedBytes: canonical).serializedBytes() == canonical)
                    }
                }
            }
        }
    }

    @Test func randomBytesNeverCrash() throws {
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<20_000 {
            Self.decodeAll(rng.bytes(Int.random(in: 0..<48, using: &rng)))
        }
    }
}

@Suite struct UTF8ValidationTests {
    static func valid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { ProtobufReader.isValidUTF8($0) }
    }

    @Test func agreesWithStandardLibraryOnRandomBytes() {
        var rng = SeededGenerator(seed: 5)
        let pieces: [[UInt8]] = [
            [0x61], [0x7f], [0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xc2, 0x80], [0xdf, 0xbf],
            [0xe0, 0x80, 0x80], [0xe0, 0xa0, 0x80], [0xed, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xef, 0xbf, 0xbf],
            [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80],
            [0xf5, 0x80, 0x80, 0x80], [0xff], [0xe2], [0xe2, 0x82], Array("plain ascii text".utf8),
        ]
        for _ in 0..<50_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<6, using: &rng) {
                bytes += Bool.random(using: &rng) ? pieces.randomElement(using: &rng)! : rng.bytes(1)
            }
            #expect(Self.valid(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }
}
