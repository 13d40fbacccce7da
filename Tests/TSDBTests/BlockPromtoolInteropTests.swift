import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

/// Interoperability with promtool 2.42 (Debian): we read the blocks it
/// creates, and its `tsdb list`, `analyze` and `dump` read ours.
@Suite(.enabled(if: Peer.available("promtool"), "promtool (Debian 2.42) is not installed"))
struct BlockPromtoolInteropTests {
    static func promtool(_ arguments: [String]) throws -> Peer.Result {
        let path = try #require(Peer.locate("promtool"), "promtool is not on PATH")
        return try Peer.run(path, arguments)
    }

    /// `{__name__="x", a="b"}` as Prometheus 2.42's `labels.String()` prints it.
    static func promString(_ labels: Labels) -> String {
        "{" + labels.map { $0.name + "=" + GoString.quote($0.value) }.joined(separator: ", ") + "}"
    }

    /// Data that survives promtool's text formats: names promtool 2.42 can
    /// print and parse (legacy label names), UTF-8 values, special floats.
    static func interopData(seed: UInt64, series: Int) -> [Labels: [Sample]] {
        var generator = SeededGenerator(seed: seed)
        let values = ["node", "10.0.0.1:9100", "日本語", "😀 emoji", "quote\"d", "back\\slash", "user", "idle"]
        var result: [Labels: [Sample]] = [:]
        let start: Int64 = 1_600_000_000_000
        while result.count < series {
            var pairs: [(String, String)] = [("__name__", ["up", "node_cpu_seconds_total", "temp"][result.count % 3])]
            for name in ["job", "instance", "mode", "zone"] where Bool.random(using: &generator) {
                pairs.append((name, values.randomElement(using: &generator)!))
            }
            pairs.append(("id", String(result.count)))
            let count = Int.random(in: 1...300, using: &generator)
            var samples: [Sample] = []
            var t = start + Int64.random(in: 0...60_000, using: &generator)
            var v = Double(Int.random(in: 0...1000, using: &generator))
            for _ in 0..<count {
                switch Int.random(in: 0..<25, using: &generator) {
                case 0: samples.append(Sample(timestamp: t, value: -0.0))
                case 1: samples.append(Sample(timestamp: t, value: .infinity))
                case 2: samples.append(Sample(timestamp: t, value: 1e-300))
                case 3: samples.append(Sample(timestamp: t, value: 123_456_789.125))
                default:
                    v += Double(Int.random(in: 0...50, using: &generator)) / 4
                    samples.append(Sample(timestamp: t, value: v))
                }
                t += 15_000
            }
            result[Labels(pairs)] = samples
        }
        return result
    }

    /// promtool's `tsdb create-blocks-from openmetrics` makes blocks that
    /// `Block` reads back as the input's series and samples.
    @Test func readsBlocksPromtoolCreates() throws {
        let data = Self.interopData(seed: 21, series: 40)
        try withTemporaryDirectory { dir in
            var text = ""
            // OpenMetrics wants each metric family's lines together.
            let families = Dictionary(grouping: data.keys, by: { $0.name! })
            for (name, members) in families.sorted(by: { $0.key < $1.key }) {
                text += "# TYPE \(name) gauge\n"
                for labels in members.sorted() {
                    let pairs = labels.filter { $0.name != "__name__" }.map { $0.name + "=" + GoString.quote($0.value) }
                    for sample in data[labels]! {
                        let ms = sample.timestamp
                        let seconds =
                            "\(ms / 1000).\(String(repeating: "0", count: 3 - String(ms % 1000).count))\(ms % 1000)"
                        text += "\(name){\(pairs.joined(separator: ","))} \(GoFloat.formatG(sample.value)) \(seconds)\n"
                    }
                }
            }
            text += "# EOF\n"
            let input = dir + "/input.om"
            try text.write(toFile: input, atomically: true, encoding: .utf8)
            let output = dir + "/data"
            let result = try Self.promtool(["tsdb", "create-blocks-from", "openmetrics", input, output])
            try #require(result.status == 0, "promtool failed: \(result.stderrString)")

            var read: [StoredSeries] = []
            let names = try BlockIO.listDirectory(output).filter { ULID($0) != nil }
            #expect(!names.isEmpty)
            for name in names {
                let block = try Block(directory: output + "/" + name)
                let series = try block.select([], mint: .min, maxt: .max)
                #expect(series.count == Int(block.meta.stats.numSeries))
                #expect(series.reduce(0) { $0 + $1.samples.count } == Int(block.meta.stats.numSamples))
                read.append(contentsOf: series)
            }
            // Blocks split series at 2h boundaries; join them back.
            var merged: [Labels: [Sample]] = [:]
            for series in read { merged[series.labels, default: []].append(contentsOf: series.samples) }
            for key in merged.keys { merged[key]!.sort { $0.timestamp < $1.timestamp } }
            #expect(storedSeries(merged) == storedSeries(data))
        }
    }

    /// A block we write is listed by `promtool tsdb list` with our range and
    /// counts, passes `tsdb analyze`, and `tsdb dump` prints exactly our samples.
    @Test func promtoolReadsBlocksWeWrite() throws {
        var data = Self.interopData(seed: 22, series: 60)
        // Stale markers and NaN print as NaN; add a series with them.
        data[["__name__": "stale_test", "job": "x"]] = [
            Sample(timestamp: 1_600_000_000_000, value: 1),
            Sample(timestamp: 1_600_000_015_000, value: StaleMarker.value),
            Sample(timestamp: 1_600_000_030_000, value: .nan), Sample(timestamp: 1_600_000_045_000, value: -0.0),
        ]
        try withTemporaryDirectory { dir in
            let range = blockRange(data)
            let mint: Int64 = 1_600_000_000_000 - 7_200_000
            let maxt = range.maxt + 1000
            let meta = try writeBlock(data, into: dir, mint: mint, maxt: maxt)

            let list = try Self.promtool(["tsdb", "list", dir])
            try #require(list.status == 0, "promtool tsdb list failed: \(list.stderrString)")
            let rows = list.stdoutString.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            try #require(rows.count == 2, "unexpected output: \(list.stdoutString)")
            let row = rows[1]
            #expect(row[0] == meta.ulid.description)
            #expect(row[1] == String(mint))
            #expect(row[2] == String(maxt))
            #expect(row[4] == String(meta.stats.numSamples))
            #expect(row[5] == String(meta.stats.numChunks))
            #expect(row[6] == String(data.count))
            #expect(meta.stats.numSamples == UInt64(data.values.reduce(0) { $0 + $1.count }))

            let analyze = try Self.promtool(["tsdb", "analyze", dir, meta.ulid.description])
            #expect(analyze.status == 0, "promtool tsdb analyze failed: \(analyze.stderrString)")
            #expect(analyze.stdoutString.contains("Block ID: \(meta.ulid)"))
            #expect(analyze.stdoutString.contains("Series: \(data.count)"))

            // `tsdb dump` opens the directory as a Prometheus data directory, which always has a WAL.
            try FileManager.default.createDirectory(atPath: dir + "/wal", withIntermediateDirectories: true)
            let dump = try Self.promtool(["tsdb", "dump", dir])
            try #require(dump.status == 0, "promtool tsdb dump failed: \(dump.stderrString)")
            var expected: [String] = []
            for series in storedSeries(data) {
                for sample in series.samples {
                    expected.append(
                        "\(Self.promString(series.labels)) \(GoFloat.formatG(sample.value)) \(sample.timestamp)")
                }
            }
            let lines = dump.stdoutString.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            #expect(lines.count == expected.count)
            #expect(lines == expected)
        }
    }

    /// promtool reads a block whose tombstones delete samples, and leaves them out.
    @Test func promtoolHonoursOurTombstones() throws {
        let labels: Labels = ["__name__": "deleted", "job": "t"]
        let samples = (0..<200).map { Sample(timestamp: 1_600_000_000_000 + Int64($0) * 15_000, value: Double($0)) }
        let interval = TombstoneInterval(mint: 1_600_000_000_000 + 15_000 * 50, maxt: 1_600_000_000_000 + 15_000 * 99)
        try withTemporaryDirectory { dir in
            try writeBlock([labels: samples], into: dir, tombstones: [labels: [interval]])
            // `tsdb dump` opens the directory as a Prometheus data directory, which always has a WAL.
            try FileManager.default.createDirectory(atPath: dir + "/wal", withIntermediateDirectories: true)
            let dump = try Self.promtool(["tsdb", "dump", dir])
            try #require(dump.status == 0, "promtool tsdb dump failed: \(dump.stderrString)")
            let lines = dump.stdoutString.split(separator: "\n").map(String.init)
            let expected = samples.filter { !interval.contains($0.timestamp) }.map {
                "\(Self.promString(labels)) \(GoFloat.formatG($0.value)) \($0.timestamp)"
            }
            #expect(lines == expected)
        }
    }

    /// For data whose chunks promtool's head encodes like ours (regular
    /// timestamps, constant values per series), the index, chunk segment,
    /// tombstones and `meta.json` we write are byte for byte promtool's.
    @Test func writesTheSameBytesAsPromtool() throws {
        var data: [Labels: [Sample]] = [:]
        let values = ["node", "日本語", "😀", "quote\"d", "a b", "x"]
        for i in 0..<24 {
            let labels = Labels([
                ("__name__", i % 2 == 0 ? "up" : "node_load1"), ("job", values[i % values.count]),
                ("instance", "host-\(i / 3)"),
            ])
            let start = 1_600_000_000_000 + Int64(i) * 1000
            data[labels] = (0..<(3 + i * 4)).map { Sample(timestamp: start + Int64($0) * 15_000, value: Double(i)) }
        }
        try withTemporaryDirectory { dir in
            var text = ""
            for name in ["node_load1", "up"] {
                text += "# TYPE \(name) gauge\n"
                for labels in data.keys.filter({ $0.name == name }).sorted() {
                    let pairs = labels.filter { $0.name != "__name__" }.map { $0.name + "=" + GoString.quote($0.value) }
                    for sample in data[labels]! {
                        let seconds = Double(sample.timestamp) / 1000
                        text += "\(name){\(pairs.joined(separator: ","))} \(GoFloat.formatG(sample.value)) \(seconds)\n"
                    }
                }
            }
            text += "# EOF\n"
            try text.write(toFile: dir + "/input.om", atomically: true, encoding: .utf8)
            let result = try Self.promtool([
                "tsdb", "create-blocks-from", "openmetrics", dir + "/input.om", dir + "/prom",
            ])
            try #require(result.status == 0, "promtool failed: \(result.stderrString)")
            let names = try BlockIO.listDirectory(dir + "/prom").filter { ULID($0) != nil }
            try #require(names.count == 1)
            let theirs = dir + "/prom/" + names[0]
            let theirMeta = try Block(directory: theirs).meta

            try FileManager.default.createDirectory(atPath: dir + "/ours", withIntermediateDirectories: true)
            let meta = try writeBlock(
                data, into: dir + "/ours", mint: theirMeta.minTime, maxt: theirMeta.maxTime, ulid: theirMeta.ulid)
            #expect(meta == theirMeta)
            let ours = dir + "/ours/" + meta.ulid.description
            for file in ["index", "chunks/000001", "tombstones", "meta.json"] {
                let a = try Data(contentsOf: URL(fileURLWithPath: ours + "/" + file))
                let b = try Data(contentsOf: URL(fileURLWithPath: theirs + "/" + file))
                #expect(a == b, "\(file) differs: \(a.count) bytes against promtool's \(b.count)")
            }
        }
    }
}
