import ArgusCore
import ArgusTesting
import Foundation
import Testing

@testable import Exporters

/// Grouping keys from push URLs, as the Pushgateway reads them.
@Suite struct PushgatewayGroupingKeyTests {
    @Test func plainJobAndLabels() throws {
        let key = try MetricGroupKey(job: "backup", jobIsBase64: false, labelPath: "/instance/db1/env/prod")
        #expect(key.dictionary == ["job": "backup", "instance": "db1", "env": "prod"])
        #expect(key.labels.map(\.name) == ["env", "instance", "job"])
    }

    @Test func noLabels() throws {
        for path in ["", "/"] {
            let key = try MetricGroupKey(job: "j", jobIsBase64: false, labelPath: path)
            #expect(key.dictionary == ["job": "j"])
        }
    }

    @Test func pathJobWinsOverAJobLabel() throws {
        let key = try MetricGroupKey(job: "a", jobIsBase64: false, labelPath: "/job/b")
        #expect(key.job == "a")
    }

    @Test func trailingEmptyValueIsKept() throws {
        let key = try MetricGroupKey(job: "j", jobIsBase64: false, labelPath: "/foo/")
        #expect(key.dictionary == ["job": "j", "foo": ""])
    }

    @Test(arguments: [
        ("L3Zhci90bXA", "/var/tmp"),
        ("L3Zhci90bXA=", "/var/tmp"),
        ("L3Zhci90bXA===", "/var/tmp"),
        ("=", ""),
        ("zqDPgc6_zrzOt864zrXPjc-C", "Προμηθεύς"),
        ("YWJj", "abc"),
        ("YW\nJj", "abc"),
    ])
    func base64LabelValues(encoded: String, decoded: String) throws {
        let key = try MetricGroupKey(job: "j", jobIsBase64: false, labelPath: "/path@base64/\(encoded)")
        #expect(key["path"] == decoded)
    }

    @Test func base64Job() throws {
        let key = try MetricGroupKey(job: "ZGlyZWN0b3J5L2NsZWFuZXI", jobIsBase64: true, labelPath: "")
        #expect(key.job == "directory/cleaner")
    }

    @Test(arguments: [
        ("/b", "odd number of components in label string \"/b\""),
        ("/__b/c", "improper label name \"__b\""),
        ("/1a/c", "improper label name \"1a\""),
        ("/a-b/c", "improper label name \"a-b\""),
        ("/x@base64/!!", "invalid base64 encoding for label x=\"!!\": illegal base64 data at input byte 0"),
        ("/x@base64/YWJjZ", "invalid base64 encoding for label x=\"YWJjZ\": illegal base64 data at input byte 4"),
        ("/x@base64/a=b", "invalid base64 encoding for label x=\"a=b\": illegal base64 data at input byte 1"),
    ])
    func rejectedLabelPaths(path: String, message: String) {
        #expect(throws: PushPathError(message)) {
            try MetricGroupKey(job: "j", jobIsBase64: false, labelPath: path)
        }
    }

    @Test func rejectedJobs() {
        #expect(throws: PushPathError("job name is required")) {
            try MetricGroupKey(job: "=", jobIsBase64: true, labelPath: "")
        }
        // Like Go, the message shows what was decoded before the bad quantum.
        #expect(
            throws: PushPathError("invalid base64 encoding in job name \"abc\": illegal base64 data at input byte 6")
        ) {
            try MetricGroupKey(job: "YWJjYW!!", jobIsBase64: true, labelPath: "")
        }
        // Label errors come before the job check.
        #expect(throws: PushPathError("improper label name \"__x\"")) {
            try MetricGroupKey(job: "=", jobIsBase64: true, labelPath: "/__x/1")
        }
    }
}

/// The text push format with the semantics of Go's `expfmt.TextParser`.
@Suite struct PushTextParserTests {
    func parse(_ text: String) throws -> [String: PushedMetricFamily] {
        try PushTextParser.parse(Array(text.utf8))
    }

    @Test func summaryAndHistogramAreAssembled() throws {
        let families = try parse(
            """
            # HELP s A summary.
            # TYPE s summary
            s{quantile="0.5",a="1"} 2
            s_sum{a="1"} 10
            s_count{a="1"} 4
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_bucket{le="+Inf"} 3
            h_count 3
            h_sum 7.5

            """)
        let s = try #require(families["s"])
        #expect(s.type == .summary)
        #expect(s.help == "A summary.")
        #expect(
            s.metrics == [
                PushedMetric(
                    labels: [PushedLabel("a", "1")],
                    summary: PushedSummary(sampleCount: 4, sampleSum: 10, quantiles: [.init(quantile: 0.5, value: 2)]))
            ])
        let h = try #require(families["h"])
        #expect(h.metrics.first?.histogram?.buckets.count == 2)
        #expect(h.metrics.first?.histogram?.sampleCount == 3)
        #expect(h.metrics.first?.histogram?.sampleSum == 7.5)
    }

    @Test func suffixedSamplesOfACounterAreTheirOwnFamilies() throws {
        let families = try parse("# TYPE c counter\nc_total 1\n")
        #expect(families["c"] == nil)
        #expect(families["c_total"]?.type == .untyped)
    }

    @Test func familiesWithoutSamplesAreDropped() throws {
        let families = try parse("# HELP x help\n# TYPE y gauge\nz 1\n")
        #expect(Array(families.keys) == ["z"])
    }

    @Test func sumAfterOtherFamiliesStillJoinsItsSummary() throws {
        let families = try parse("# TYPE s summary\ns_count 1\nother 2\ns_sum 3\n")
        #expect(families["s"]?.metrics.first?.summary == PushedSummary(sampleCount: 1, sampleSum: 3))
        #expect(families["s_sum"] == nil)
    }

    @Test func emptyBodyHasNoFamilies() throws {
        #expect(try parse("").isEmpty)
        #expect(try parse("\n\n  \n").isEmpty)
    }

    @Test(arguments: [
        ("a 1", "text format parsing error in line 1: unexpected end of input stream"),
        ("a 1\nb", "text format parsing error in line 2: unexpected end of input stream"),
        ("a x\n", "text format parsing error in line 1: expected float as value, got \"x\""),
        ("a 1e400\n", "text format parsing error in line 1: expected float as value, got \"1e400\""),
        ("a 0x1p3\n", "text format parsing error in line 1: expected float as value, got \"0x1p3\""),
        ("a 1 \n", "text format parsing error in line 1: expected integer as timestamp, got \"\""),
        ("a 1 2 3\n", "text format parsing error in line 1: spurious string after timestamp: \" 3\""),
        ("a{b=\"1\",b=\"2\"} 1\n", "text format parsing error in line 1: duplicate label names for metric \"a\""),
        ("a{__name__=\"x\"} 1\n", "text format parsing error in line 1: label name \"__name__\" is reserved"),
        ("a{b=1} 1\n", "text format parsing error in line 1: expected '\"' at start of label value, found '1'"),
        (
            "# TYPE a gauge\n# TYPE a gauge\n",
            "text format parsing error in line 2: second TYPE line for metric name \"a\", or TYPE reported after samples"
        ),
        (
            "a 1\n# TYPE a gauge\n",
            "text format parsing error in line 2: second TYPE line for metric name \"a\", or TYPE reported after samples"
        ),
        ("# HELP a x\n# HELP a y\n", "text format parsing error in line 2: second HELP line for metric name \"a\""),
        ("# TYPE a foo\n", "text format parsing error in line 1: unknown metric type \"foo\""),
        (
            "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n",
            "text format parsing error in line 2: expected float as value for 'le' label, got \"x\""
        ),
        ("# HELP a \\t\n", "text format parsing error in line 1: invalid escape sequence '\\t'"),
        ("{a=\"b\"} 1\n", "text format parsing error in line 1: invalid metric name"),
    ])
    func errorsMatchGo(body: String, message: String) {
        do {
            _ = try parse(body)
            Issue.record("accepted: \(body)")
        } catch let error as PushParseError {
            #expect(error.description == message)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func invalidUTF8IsQuotedLikeGo() {
        #expect(throws: PushParseError(line: 1, reason: #"invalid label value "a\xffb""#)) {
            try PushTextParser.parse(Array("z{x=\"a".utf8) + [0xFF] + Array("b\"} 1\n".utf8))
        }
    }

    @Test func leIsAnOrdinaryLabelOutsideHistograms() throws {
        let families = try parse("a{le=\"x\"} 1\n")
        #expect(families["a"]?.metrics.first?.labels == [PushedLabel("le", "x")])
    }

    @Test func textOutputMatchesGo() throws {
        var family = try #require(
            try parse(
                "# TYPE h histogram\nh_bucket{x=\"1\",le=\"0.5\"} 1\nh_sum{x=\"1\"} 3\nh_count{x=\"1\"} 1000000\n")[
                    "h"])
        family.sanitize(groupingLabels: MetricGroupKey(["job": "j"]))
        var out: [UInt8] = []
        try family.appendText(to: &out)
        #expect(
            String(decoding: out, as: UTF8.self) == """
                # TYPE h histogram
                h_bucket{instance="",job="j",x="1",le="0.5"} 1
                h_bucket{instance="",job="j",x="1",le="+Inf"} 1e+06
                h_sum{instance="",job="j",x="1"} 3
                h_count{instance="",job="j",x="1"} 1e+06

                """)
    }
}

/// PUT, POST and DELETE on the store, and the checks that reject a push.
@Suite struct PushgatewayMetricStoreTests {
    let key = MetricGroupKey(["job": "j", "instance": "i"])

    func families(_ text: String) throws -> [String: PushedMetricFamily] {
        try PushTextParser.parse(Array(text.utf8))
    }

    func push(
        _ store: MetricStore, _ text: String, key: MetricGroupKey? = nil, replace: Bool = true,
        at time: Int64 = 1_000_000_000
    ) throws -> [String]? {
        store.write(
            WriteRequest(key: key ?? self.key, timestamp: time, families: try families(text), replace: replace),
            check: true)
    }

    func names(_ store: MetricStore, _ key: MetricGroupKey? = nil) -> [String] {
        (store.group(key ?? self.key)?.families.keys.sorted()) ?? []
    }

    @Test func putReplacesTheGroupAndAddsTimestamps() throws {
        let store = MetricStore()
        #expect(try push(store, "a 1\nb 2\n") == nil)
        #expect(names(store) == ["a", "b", "push_failure_time_seconds", "push_time_seconds"])
        #expect(try push(store, "c 3\n", at: 2_500_000_000) == nil)
        #expect(names(store) == ["c", "push_failure_time_seconds", "push_time_seconds"])
        let pushTime = store.group(key)?.families["push_time_seconds"]?.family.metrics.first
        #expect(pushTime?.gauge == 2.5)
        #expect(pushTime?.labels == [PushedLabel("instance", "i"), PushedLabel("job", "j")])
    }

    @Test func postReplacesOnlyFamiliesOfTheSameName() throws {
        let store = MetricStore()
        #expect(try push(store, "a 1\nb 2\n") == nil)
        #expect(try push(store, "b 5\nc 3\n", replace: false) == nil)
        #expect(names(store) == ["a", "b", "c", "push_failure_time_seconds", "push_time_seconds"])
        #expect(store.group(key)?.families["b"]?.family.metrics.first?.untyped == 5)
    }

    @Test func emptyPutDeletesMetricsButKeepsTimestamps() throws {
        let store = MetricStore()
        #expect(try push(store, "a 1\n") == nil)
        #expect(try push(store, "") == nil)
        #expect(names(store) == ["push_failure_time_seconds", "push_time_seconds"])
    }

    @Test func deleteRemovesTheGroup() throws {
        let store = MetricStore()
        #expect(try push(store, "a 1\n") == nil)
        store.write(WriteRequest(key: key, timestamp: 0, families: nil, replace: false), check: true)
        #expect(store.group(key) == nil)
        #expect(store.groups.isEmpty)
    }

    @Test func groupingLabelsOverwritePushedOnesAndInstanceIsAdded() throws {
        let store = MetricStore()
        let jobOnly = MetricGroupKey(["job": "j"])
        #expect(try push(store, "a{job=\"other\",x=\"1\"} 1\n", key: jobOnly) == nil)
        let labels = store.group(jobOnly)?.families["a"]?.family.metrics.first?.labels
        #expect(labels == [PushedLabel("instance", ""), PushedLabel("job", "j"), PushedLabel("x", "1")])
    }

    @Test func timestampsAreRejectedAndRecordedAsAFailure() throws {
        let store = MetricStore()
        #expect(try push(store, "a 1 123\n", at: 7_000_000_000) == ["pushed metrics must not have timestamps"])
        let group = try #require(store.group(key))
        #expect(group.families["push_failure_time_seconds"]?.family.metrics.first?.gauge == 7)
        #expect(group.families["push_time_seconds"]?.family.metrics.first?.gauge == 0)
        #expect(!group.lastPushSucceeded)
        #expect(group.families["a"] == nil)
    }

    @Test func aFailedPushKeepsTheGroupsMetrics() throws {
        let store = MetricStore()
        #expect(try push(store, "a 1\n", at: 1_000_000_000) == nil)
        #expect(try push(store, "b 1\nb 2\n", at: 3_000_000_000) != nil)
        let group = try #require(store.group(key))
        #expect(group.families["a"] != nil)
        #expect(group.families["push_time_seconds"]?.family.metrics.first?.gauge == 1)
        #expect(group.families["push_failure_time_seconds"]?.family.metrics.first?.gauge == 3)
    }

    @Test func duplicateSeriesAreRejected() throws {
        let store = MetricStore()
        let errors = try push(store, "b 1\nb 2\n")
        #expect(
            errors == [
                "collected metric \"b\" { label:<name:\"instance\" value:\"i\" > label:<name:\"job\" value:\"j\" > "
                    + "untyped:<value:2 > } was collected before with the same name and label values"
            ])
    }

    @Test func typeConflictsAcrossGroupsAreRejected() throws {
        let store = MetricStore()
        let other = MetricGroupKey(["job": "k"])
        #expect(try push(store, "# TYPE a gauge\na 1\n") == nil)
        let errors = try #require(try push(store, "# TYPE a counter\na 1\n", key: other))
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix("collected metric \"a\" {"))
        #expect(errors[0].hasSuffix("} is not a GAUGE"))
        #expect(store.group(other)?.families["a"] == nil)
    }

    @Test func differentHelpAcrossGroupsIsTolerated() throws {
        let store = MetricStore()
        #expect(try push(store, "# HELP a one\na 1\n") == nil)
        #expect(try push(store, "# HELP a two\na 1\n", key: MetricGroupKey(["job": "k"])) == nil)
        let merged = store.mergedFamilies().filter { $0.name == "a" }
        #expect(merged.count == 1)
        #expect(merged.first?.metrics.count == 2)
    }

    @Test func reservedLabelNamesAreRejected() throws {
        let store = MetricStore()
        let errors = try #require(try push(store, "b{__x=\"1\"} 1\n"))
        #expect(errors.first?.hasSuffix("has a label with an invalid name: __x") == true)
    }

    @Test func clashesWithTheGatewaysOwnMetricsAreRejected() throws {
        let store = MetricStore()
        let own = [
            PushedMetricFamily(
                name: "pushgateway_build_info", help: "build", type: .gauge,
                metrics: [PushedMetric(labels: [PushedLabel("version", "1")], gauge: 1)])
        ]
        let errors = store.write(
            WriteRequest(key: key, timestamp: 1, families: try families("pushgateway_build_info 1\n"), replace: true),
            check: true, ownFamilies: own)
        #expect(errors == ["gathered metric family pushgateway_build_info has help \"\" but should have \"build\""])
    }

    @Test func suffixCollisionsAreRejected() throws {
        let store = MetricStore()
        #expect(try push(store, "# TYPE s summary\ns_sum 1\ns_count 1\n") == nil)
        let errors = try #require(try push(store, "s_count 1\n", key: MetricGroupKey(["job": "k"])))
        #expect(errors == ["collected metric named \"s_count\" collides with previously collected summary named \"s\""])
    }

    @Test func withoutTheCheckInconsistentPushesAreStored() throws {
        let store = MetricStore()
        let request = WriteRequest(key: key, timestamp: 1, families: try families("b 1\nb 2\n"), replace: true)
        #expect(store.write(request, check: false) == nil)
        #expect(store.group(key)?.families["b"]?.family.metrics.count == 2)
        #expect(!Gathering.gather([store.mergedFamilies()]).errors.isEmpty)
    }

    @Test func mergedExpositionIsSortedLikeClientGolang() throws {
        let store = MetricStore()
        #expect(try push(store, "m{z=\"b\"} 1\nm{z=\"a\"} 2\n", key: MetricGroupKey(["job": "x"])) == nil)
        #expect(try push(store, "m{z=\"c\"} 3\n", key: MetricGroupKey(["job": "a", "extra": "e"])) == nil)
        let (families, errors) = Gathering.gather([store.mergedFamilies()])
        #expect(errors.isEmpty)
        let m = try #require(families.first { $0.name == "m" })
        #expect(m.metrics.map { $0[label: "z"] } == ["a", "b", "c"])
        #expect(families.map(\.name) == ["m", "push_failure_time_seconds", "push_time_seconds"])
    }
}

/// The persistence file: a round trip, and clear errors for damage.
@Suite struct PushgatewayPersistenceTests {
    func sampleStore() throws -> MetricStore {
        let store = MetricStore()
        let body = """
            # HELP s A summary.
            # TYPE s summary
            s{quantile="0.9"} 2
            s_sum 10
            s_count 4
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_count 3
            h_sum 7.5
            # TYPE g gauge
            g{path="/var/tmp",text="Προμηθεύς \\"quoted\\""} NaN

            """
        let families = try PushTextParser.parse(Array(body.utf8))
        #expect(
            store.write(
                WriteRequest(
                    key: MetricGroupKey(["job": "a/b", "empty": ""]), timestamp: 1_700_000_000_123_456_789,
                    families: families, replace: true), check: true) == nil)
        #expect(
            store.write(
                WriteRequest(
                    key: MetricGroupKey(["job": "c"]), timestamp: 5,
                    families: [
                        "x": PushedMetricFamily(
                            name: "x", type: .counter, metrics: [PushedMetric(counter: 1)])
                    ], replace: true),
                check: true) == nil)
        return store
    }

    @Test func roundTrip() throws {
        let store = try sampleStore()
        let directory = try Fixtures.temporaryDirectory("pushgateway-persistence")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("pg.data").path
        try store.persist(to: path)
        let loaded = try PersistenceFile.load(path: path)
        #expect(loaded.count == 2)
        // NaN never equals itself: compare the exposition instead.
        let restored = MetricStore(groups: loaded)
        #expect(restored.groups.map(\.key) == store.groups.map(\.key))
        var before: [UInt8] = []
        var after: [UInt8] = []
        for family in Gathering.gather([store.mergedFamilies()]).families { try family.appendText(to: &before) }
        for family in Gathering.gather([restored.mergedFamilies()]).families { try family.appendText(to: &after) }
        #expect(String(decoding: after, as: UTF8.self) == String(decoding: before, as: UTF8.self))
        #expect(
            restored.group(MetricGroupKey(["job": "a/b", "empty": ""]))?.families["s"]?.pushedAt
                == 1_700_000_000_123_456_789)
        #expect(!FileManager.default.fileExists(atPath: path + ".in_progress.\(getpid())"))
    }

    @Test func missingFileIsEmpty() throws {
        #expect(try PersistenceFile.load(path: "/nonexistent/argus/pg.data").isEmpty)
    }

    @Test func corruptFilesNameTheFileAndOffset() throws {
        let bytes = PersistenceFile.encode(try sampleStore().groups)
        // A flipped payload byte: the record's checksum fails.
        var flipped = bytes
        flipped[20] ^= 0xFF
        #expect(throws: PersistenceError(path: "f", offset: 8, reason: "bad checksum in record 1")) {
            try PersistenceFile.decode(flipped, path: "f")
        }
        // Cut short inside the second record.
        let cut = Array(bytes.dropLast(3))
        do {
            _ = try PersistenceFile.decode(cut, path: "/x/pg.data")
            Issue.record("a truncated file was accepted")
        } catch {
            #expect(error.description.hasPrefix("persistence file /x/pg.data: record 2 of "))
            #expect(error.description.contains("runs past the end of the file at byte offset"))
        }
        #expect(throws: PersistenceError.self) { try PersistenceFile.decode(Array("garbage".utf8), path: "f") }
        // Every truncation and every single-byte corruption is an error or a clean decode, never a crash.
        for length in 0..<bytes.count {
            _ = try? PersistenceFile.decode(Array(bytes[0..<length]), path: "f")
        }
        for index in bytes.indices {
            var damaged = bytes
            damaged[index] &+= 1
            _ = try? PersistenceFile.decode(damaged, path: "f")
        }
    }

    @Test func decodedFilesWithAValidChecksumButBadPayloadAreErrors() throws {
        // A record whose payload is not a group message, with a correct checksum.
        var bytes = PersistenceFile.magic
        let payload: [UInt8] = [0x0A, 0x05, 0x01]
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: CRC32C.checksum(payload).littleEndian) { bytes.append(contentsOf: $0) }
        bytes += payload
        do {
            _ = try PersistenceFile.decode(bytes, path: "f")
            Issue.record("a malformed record was accepted")
        } catch {
            #expect(error.description.hasPrefix("persistence file f: record 1 is malformed: "))
            #expect(error.offset != nil)
        }
    }
}

/// Gzip push bodies, inflated by Argus' own decoder and checked against
/// what python3's zlib compresses.
@Suite struct PushgatewayGzipTests {
    static func compress(_ data: [UInt8], level: Int) throws -> [UInt8] {
        let python = try #require(Peer.locate("python3"))
        let script = "import gzip,sys;sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read(),\(level)))"
        let result = try Peer.run(python, ["-c", script], stdin: Data(data))
        #expect(result.status == 0)
        return Array(result.stdout)
    }

    static var sample: [UInt8] {
        var text = ""
        var generator = SeededGenerator(seed: 7)
        for i in 0..<3000 {
            text += "metric_\(i % 17){label=\"\(UInt64.random(in: 0..<1000, using: &generator))\"} \(i)\n"
        }
        return Array(text.utf8)
    }

    @Test(.enabled(if: Peer.available("python3")), arguments: [0, 1, 6, 9])
    func inflatesEveryBlockType(level: Int) throws {
        let data = Self.sample
        let compressed = try Self.compress(data, level: level)
        #expect(try GzipBody.inflate(compressed, limit: 1 << 20) == data)
        #expect(try GzipBody.inflate(try Self.compress([], level: level), limit: 10) == [])
    }

    @Test(.enabled(if: Peer.available("python3")))
    func concatenatedMembersAndErrors() throws {
        let a = try Self.compress(Array("a 1\n".utf8), level: 6)
        let b = try Self.compress(Array("b 2\n".utf8), level: 6)
        #expect(try GzipBody.inflate(a + b, limit: 100) == Array("a 1\nb 2\n".utf8))
        #expect(throws: GzipError("gzip: invalid header")) { try GzipBody.inflate(Array("a 1\n".utf8), limit: 100) }
        #expect(throws: GzipError("gzip: body inflates to more than 10 bytes")) {
            try GzipBody.inflate(try Self.compress(Self.sample, level: 6), limit: 10)
        }
        var damaged = a
        damaged[damaged.count - 6] ^= 0x01
        #expect(throws: GzipError("gzip: invalid checksum")) { try GzipBody.inflate(damaged, limit: 100) }
        // No truncation or flipped byte crashes the decoder.
        let compressed = try Self.compress(Array(Self.sample.prefix(4000)), level: 9)
        for length in 0..<compressed.count {
            _ = try? GzipBody.inflate(Array(compressed[0..<length]), limit: 1 << 20)
        }
        for index in compressed.indices {
            var flipped = compressed
            flipped[index] ^= 0x5A
            _ = try? GzipBody.inflate(flipped, limit: 1 << 20)
        }
    }
}
