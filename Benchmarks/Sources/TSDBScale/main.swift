// TSDBScale: the TSDB's memory and start-up targets at full scale, measured
// in a release build (see Benchmarks/tsdb-scale.sh).
//
//     TSDBScale write DIR   appends SERIES series × SAMPLES samples at 15 s
//                           into a head logging to DIR/wal (full chunks
//                           in DIR/chunks_head), by reference
//                           in batches of 1,000, and reports append
//                           throughput and resident memory per series
//     TSDBScale replay DIR  opens the head from DIR and reports the
//                           replay time and resident memory per series
//     TSDBScale select DIR  opens the head from DIR and selects whole
//                           metrics (every 250th series, all samples) as
//                           a range query does, and reports the samples
//                           decoded per second on one core
//     TSDBScale block DIR   opens DIR as a database with 1 h blocks, cuts
//                           the head's oldest hour into a block and
//                           reports the time, the peak resident memory and
//                           the block's chunk bytes per sample, then
//                           selects from the block as `select` does
//     TSDBScale sizes DIR   reports every block in the data directory DIR:
//                           series, samples, chunks, and index and chunk
//                           bytes per sample
//     TSDBScale compact DIR OUT
//                           merges DIR's blocks but the SKIP oldest
//                           (default 1: a side-by-side run's first block
//                           starts wherever the data did) into one block
//                           in OUT with the compactor's 480-sample chunks,
//                           reports the time and peak resident memory it
//                           took, and the block as `sizes` does
//
// SERIES (default 1,000,000) and SAMPLES (default 480: 2 h at 15 s) are
// read from the environment.
import ArgusCore
import Foundation
import Storage
import TSDB

func environment(_ name: String, default value: Int) -> Int {
    ProcessInfo.processInfo.environment[name].flatMap(Int.init) ?? value
}

/// Resident memory of this process, from /proc/self/statm.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// A field of /proc/self/status in bytes, such as RssAnon (heap) or RssFile (mapped files).
func statusBytes(_ field: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
    return 0
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func mib(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }

/// Values shaped like a node-exporter scrape, so that chunks compress as
/// they do in production: most series never change, the rest are integer
/// counters, 10 ms CPU-time counters, page-sized gauges and a few
/// full-precision durations (see XORChunkSizeTests for the measured mix).
enum NodeLikeValue {
    static func kind(_ series: Int) -> Int { series % 20 }

    static func initial(series: Int) -> Double {
        switch kind(series) {
        case 0..<13: Double(series % 101)
        case 13, 14: Double(1_000_000 + series)
        case 15, 16: Double(100 + series) / 100
        case 17, 18: Double((1 << 20) + series) * 4096
        default: 0.000_123
        }
    }

    static func next(after value: Double, series: Int, round: Int) -> Double {
        let noise = (series &* 7919 &+ round &* 104_729) % 1500
        switch kind(series) {
        case 0..<13: return value
        case 13, 14: return value + Double(noise * 5)
        case 15, 16: return noise % 5 == 0 ? value : (value * 100 + Double(noise)).rounded() / 100
        case 17, 18: return noise % 5 == 0 ? value : value + Double(noise - 750) * 4096
        default: return Double(noise + 1) / 1_000_000 + Double(round % 7) * 1e-9
        }
    }
}

/// Selects whole metrics (every 250th series, all samples) as a range query
/// does: five passes over 20 metrics, the best pass being the figure (the
/// others show the noise of a shared machine).
func measureSelection(_ mode: String, _ querier: some Querier) throws {
    var best = 0.0
    for pass in 1...5 {
        var selected = 0
        var seriesSelected = 0
        let start = clock.now
        for metric in 0..<20 {
            let result = try querier.select([.equal("__name__", "node_metric_\(metric)")], mint: .min, maxt: .max)
            seriesSelected += result.count
            selected += result.reduce(0) { $0 + $1.samples.count }
        }
        let elapsed = seconds(clock.now - start)
        best = max(best, Double(selected) / elapsed / 1e6)
        print(
            "\(mode): pass \(pass): \(seriesSelected) series, \(selected) samples in "
                + String(format: "%.3f s (%.1f M samples/s)", elapsed, Double(selected) / elapsed / 1e6))
    }
    print(String(format: "\(mode): best %.1f M samples/s on one core", best))
}

let seriesCount = environment("SERIES", default: 1_000_000)
let samplesPerSeries = environment("SAMPLES", default: 480)
let batchSize = 1_000
let arguments = CommandLine.arguments
guard
    arguments.count == 3 && ["write", "replay", "select", "block", "sizes"].contains(arguments[1])
        || arguments.count == 4 && arguments[1] == "compact"
else {
    FileHandle.standardError.write(Data("usage: TSDBScale write|replay|select|block|sizes DIR | compact DIR OUT\n".utf8))
    exit(2)
}
let directory = arguments[2] + "/wal"
let chunksDirectory = arguments[2] + "/chunks_head"
let clock = ContinuousClock()

switch arguments[1] {
case "write":
    var refs = [SeriesRef?](repeating: nil, count: seriesCount)
    var values = (0..<seriesCount).map { NodeLikeValue.initial(series: $0) }
    let baseline = residentBytes()
    let (head, _) = try Head.open(directory: directory, chunksDirectory: chunksDirectory)
    // Node-exporter-like label sets: 1,000 hosts of 1,000 series each (250
    // metric names × 4 CPUs), so label values repeat as they do in a real
    // scrape rather than every series having its own instance.
    var labels: [Labels] = []
    labels.reserveCapacity(seriesCount)
    for i in 0..<seriesCount {
        labels.append([
            "__name__": "node_metric_\(i % 250)", "instance": "10.0.\(i / 256_000).\((i / 1000) % 256):9100",
            "job": "node", "cpu": String((i / 250) % 4),
        ])
    }
    let start = clock.now
    var appended = 0
    for round in 0..<samplesPerSeries {
        let t = 1_700_000_000_000 + Int64(round) * 15_000
        var index = 0
        while index < seriesCount {
            let app = head.appender()
            for i in index..<min(index + batchSize, seriesCount) {
                values[i] = NodeLikeValue.next(after: values[i], series: i, round: round)
                refs[i] = try app.append(refs[i], labels[i], timestamp: t, value: values[i])
            }
            try app.commit()
            appended += min(batchSize, seriesCount - index)
            index += batchSize
        }
        if round % 48 == 47 || round == samplesPerSeries - 1 {
            let elapsed = seconds(clock.now - start)
            print(
                "write: \(round + 1)/\(samplesPerSeries) rounds, \(appended) samples in "
                    + String(format: "%.1f s (%.2f M samples/s)", elapsed, Double(appended) / elapsed / 1e6))
        }
    }
    let resident = residentBytes()
    print("write: \(head.seriesCount) series, resident \(mib(resident)) (\(mib(baseline)) before the head)")
    print("write: of which mapped files \(mib(statusBytes("RssFile"))), heap \(mib(statusBytes("RssAnon")))")
    print(
        "write: "
            + String(format: "%.0f bytes per series", Double(resident - baseline) / Double(head.seriesCount))
            + " (label sets included)")
case "replay":
    let baseline = residentBytes()
    let start = clock.now
    var lastReport = clock.now
    let (head, replay) = try Head.open(directory: directory, chunksDirectory: chunksDirectory) { segment, of in
        if clock.now - lastReport > .seconds(5) {
            print("replay: segment \(segment)/\(of)")
            lastReport = clock.now
        }
    }
    let elapsed = seconds(clock.now - start)
    let resident = residentBytes()
    print(
        "replay: \(replay.series) series, \(replay.samples) samples in "
            + String(format: "%.1f s (%.2f M samples/s)", elapsed, Double(replay.samples) / elapsed / 1e6))
    print("replay: of which mapped files \(mib(statusBytes("RssFile"))), heap \(mib(statusBytes("RssAnon")))")
    print(
        "replay: resident \(mib(resident)), "
            + String(format: "%.0f bytes per series", Double(resident - baseline) / Double(head.seriesCount)))
case "select":
    let (head, _) = try Head.open(directory: directory, chunksDirectory: chunksDirectory)
    let querier = head.querier()
    // Warm the page cache and the chunk file maps once, then measure.
    _ = try querier.select([.equal("__name__", "node_metric_0")], mint: .min, maxt: .max)
    try measureSelection("select", querier)
case "block":
    // The data directory as a database with 1 h blocks: the 2 h head spans
    // more than 1.5 ranges, so its oldest hour is cut into a block.
    var options = DB.Options()
    options.blockRange = 3_600_000
    options.retention = nil
    let (db, _) = try DB.open(directory: arguments[2], options: options)
    let before = residentBytes()
    // Reset the peak resident size (VmHWM) so that it measures the cut alone.
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    let start = clock.now
    guard let meta = try db.persistHead() else {
        print("block: the head spans too little time to cut a block")
        exit(1)
    }
    let elapsed = seconds(clock.now - start)
    let blockDirectory = arguments[2] + "/" + meta.ulid.description
    let chunkBytes = ((try? FileManager.default.contentsOfDirectory(atPath: blockDirectory + "/chunks")) ?? [])
        .compactMap {
            try? FileManager.default.attributesOfItem(atPath: blockDirectory + "/chunks/" + $0)[.size] as? Int
        }
        .reduce(0, +)
    print(
        "block: \(meta.stats.numSeries) series, \(meta.stats.numSamples) samples in "
            + String(format: "%.1f s", elapsed))
    print(
        "block: peak resident \(mib(statusBytes("VmHWM"))) (\(mib(before)) before the cut); chunk files "
            + String(format: "%.2f bytes per sample", Double(chunkBytes) / Double(meta.stats.numSamples)))
    let block = try Block(directory: blockDirectory)
    try measureSelection("block select", block)
case "sizes":
    for block in try blocks(in: arguments[2]) { report(block) }
case "compact":
    // SKIP oldest blocks are left out (default 1: a side-by-side run's first block is partial).
    let skip = Int(ProcessInfo.processInfo.environment["SKIP"] ?? "1") ?? 1
    let parents = try blocks(in: arguments[2]).dropFirst(skip)
    let before = residentBytes()
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    let start = clock.now
    guard !parents.isEmpty, let meta = try Compactor().compact(Array(parents), into: arguments[3]) else {
        print("compact: no blocks to merge")
        exit(1)
    }
    let elapsed = seconds(clock.now - start)
    print(
        "compacted \(parents.count) blocks in " + String(format: "%.1f s", elapsed)
            + ", peak resident \(mib(statusBytes("VmHWM"))) (\(mib(before)) before):")
    report(try Block(directory: arguments[3] + "/" + meta.ulid.description))
default:
    exit(2)
}

/// The blocks of a data directory, oldest first.
func blocks(in directory: String) throws -> [Block] {
    try FileManager.default.contentsOfDirectory(atPath: directory)
        .filter { ULID($0) != nil }
        .map { try Block(directory: directory + "/" + $0) }
        .sorted { $0.meta.minTime < $1.meta.minTime }
}

/// One line on a block's size.
func report(_ block: Block) {
    let stats = block.meta.stats
    let samples = Double(max(stats.numSamples, 1))
    let (index, chunks) = block.size
    print(
        "\(block.meta.ulid) \((block.meta.maxTime - block.meta.minTime) / 60_000) min: \(stats.numSeries) series, "
            + "\(stats.numSamples) samples, \(stats.numChunks) chunks; "
            + String(
                format: "chunks %.3f + index %.3f = %.3f bytes per sample",
                Double(chunks) / samples, Double(index) / samples, Double(chunks + index) / samples))
}
