import ArgusCore
import Exposition

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `textfile`: the metrics of the `*.prom` files in
/// `--collector.textfile.directory` (a glob), with each file's
/// modification time and whether any file failed.
///
/// Files are read with the rules of Go's `expfmt` text parser; a file that
/// does not parse, or has sample timestamps, counts as an error and adds
/// nothing. Families of the same name from several files are merged; one
/// without a `# HELP` gets "Metric read from <files>". Summaries and
/// histograms are parsed but not reported, as ``NodeMetrics`` has no such
/// types; they still take their name, as in node-exporter's registry.
struct TextfileCollector: NodeCollector {
    static let name = "textfile"
    static let enabledByDefault = true

    private let directory: String

    init(environment: NodeEnvironment) {
        directory = environment.options.textfileDirectory
    }

    func update(_ metrics: inout NodeMetrics) {
        var errored = false
        var families: [TextfileFamily] = []
        var filesByFamily: [String: [String]] = [:]
        var mtimes: [(path: String, seconds: Double)] = []

        let matches = (try? GoFilePath.glob(directory)) ?? []
        for directory in matches.isEmpty ? [directory] : matches {
            let names: [String]
            do {
                names = try HostFiles.entries(directory)
            } catch {
                if !directory.isEmpty { errored = true }
                continue
            }
            for name in names where name.utf8.count >= 5 && name.utf8.suffix(5).elementsEqual(".prom".utf8) {
                let path = GoFilePath.join(directory, name)
                guard let file = try? TextfileFamily.parseFile(path) else {
                    errored = true
                    continue
                }
                for family in file.families {
                    filesByFamily[family.name, default: []].append(path)
                    families.append(family)
                }
                if let mtime = file.mtime {
                    mtimes.append((path, mtime))
                } else {
                    errored = true
                }
            }
        }

        var registered: [String: MetricType] = [:]
        for family in families {
            let help = family.help ?? "Metric read from " + (filesByFamily[family.name] ?? []).joined(separator: ", ")
            family.add(to: &metrics, help: help, registered: &registered)
        }
        mtimes.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for (path, seconds) in mtimes {
            metrics.add(
                "node_textfile_mtime_seconds", help: "Unixtime mtime of textfiles successfully read.", type: .gauge,
                labels: ["file": path], value: seconds)
        }
        metrics.add(
            "node_textfile_scrape_error", help: "1 if there was an error opening or reading a file, 0 otherwise",
            type: .gauge, value: errored ? 1 : 0)
    }
}

/// A metric family of one text file, grouped the way Go's `expfmt` text
/// parser groups samples: `x_count`/`x_sum`(/`x_bucket`) belong to a
/// summary (histogram) `x` declared before them, everything else to the
/// family of its exact name, wherever in the file it appears.
struct TextfileFamily: Equatable {
    struct Sample: Equatable {
        var labels: [NodeMetrics.Label]
        var value: Double
    }

    var name: String
    var help: String?
    /// Nil until a `# TYPE` line or the first sample (which makes it untyped).
    var type: MetricType?
    /// The samples of a counter, gauge or untyped family.
    var samples: [Sample] = []
    /// The sample lines of any type.
    var lineCount = 0

    /// Why a file was rejected, with the line (1-based, 0 for the whole file).
    struct FileError: Error, Equatable {
        var line: Int
        var reason: String
    }

    /// The families of the file at `path` and its modification time in
    /// whole seconds (nil if it could not be read after parsing).
    static func parseFile(_ path: String) throws -> (families: [TextfileFamily], mtime: Double?) {
        let bytes: [UInt8]
        do {
            bytes = try HostFiles.readBytes(path)
        } catch {
            // Go's parser takes a failed first read (a directory) for an empty file.
            guard HostFiles.isDirectory(path) else { throw error }
            bytes = []
        }
        let families = try parse(bytes)
        var info = stat()
        guard stat(path, &info) == 0 else { return (families, nil) }
        #if canImport(Darwin)
            let (seconds, nanoseconds) = (Int64(info.st_mtimespec.tv_sec), Int64(info.st_mtimespec.tv_nsec))
        #else
            let (seconds, nanoseconds) = (Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec))
        #endif
        // Go truncates nanoseconds since the epoch towards zero.
        return (families, Double(seconds < 0 && nanoseconds > 0 ? seconds + 1 : seconds))
    }

    /// Parses one file; throws where Go's parser fails or when a sample has
    /// a timestamp (which node-exporter does not accept in text files).
    static func parse(_ bytes: [UInt8]) throws(FileError) -> [TextfileFamily] {
        // Go's parser needs every line that has content to end in a newline.
        let tail = bytes.lastIndex(of: UInt8(ascii: "\n")).map { bytes.index(after: $0) } ?? bytes.startIndex
        if bytes[tail...].contains(where: { $0 != 0x20 && $0 != 0x09 }) {
            throw FileError(line: 0, reason: "unexpected end of input stream")
        }
        let lineStarts = [bytes.startIndex] + bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
        var families: [TextfileFamily] = []
        var index: [String: Int] = [:]
        var parser = ExpositionParser(bytes, format: .text)
        do {
            while let entry = try parser.next() {
                func fail(_ reason: String) -> FileError { FileError(line: parser.line, reason: reason) }
                switch entry {
                case .help, .type:
                    let name = parser.metadataName
                    guard LabelName.isLegacyMetricName(name) else { throw fail("invalid metric name in comment") }
                    let position = familyIndex(for: name, families: &families, index: &index)
                    if entry == .help {
                        guard families[position].help == nil else {
                            throw fail("second HELP line for metric name \(GoString.quote(families[position].name))")
                        }
                        let line =
                            lineStarts[parser.line - 1]..<(lineStarts.dropFirst(parser.line).first ?? bytes.endIndex)
                        guard Self.hasValidEscapes(bytes[line], allowed: [UInt8(ascii: "\\"), UInt8(ascii: "n")]) else {
                            throw fail("invalid escape sequence in help text")
                        }
                        let text = parser.helpText
                        // Go's parser sees no help in a line with nothing after the name.
                        if !text.isEmpty { families[position].help = text }
                    } else {
                        guard families[position].type == nil else {
                            throw fail(
                                "second TYPE line for metric name \(GoString.quote(families[position].name)), "
                                    + "or TYPE reported after samples")
                        }
                        families[position].type = parser.metricType
                    }
                case .sample:
                    let name = parser.metricName
                    guard LabelName.isLegacyMetricName(name) else { throw fail("invalid metric name") }
                    guard parser.timestamp == nil else {
                        throw fail("contains unsupported client-side timestamps")
                    }
                    guard
                        Self.hasValidEscapes(
                            bytes[parser.seriesRange],
                            allowed: [UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "\"")])
                    else { throw fail("invalid escape sequence in label value") }
                    // Go's parser reads a blank after the value as the start of a timestamp.
                    if hasBlankAfterValue(bytes, from: parser.seriesRange.upperBound) {
                        throw fail("expected integer as timestamp, got \"\"")
                    }
                    let position = familyIndex(for: name, families: &families, index: &index)
                    let type = families[position].type ?? .unknown
                    families[position].type = type
                    var labels: [NodeMetrics.Label] = []
                    for label in parser.labelsWithoutName() {
                        guard LabelName.isLegacyLabelName(label.name) else {
                            throw fail("invalid label name for metric \(GoString.quote(name))")
                        }
                        // Accepted by Go's parser, but node-exporter then panics on it.
                        guard !label.name.hasPrefix("__") else {
                            throw fail("\(GoString.quote(label.name)) is not a valid label name")
                        }
                        let bound = type == .summary ? "quantile" : type == .histogram ? "le" : nil
                        if label.name == bound, !isGoFloat(label.value) {
                            throw fail(
                                "expected float as value for '\(label.name)' label, got \(GoString.quote(label.value))")
                        }
                        labels.append(NodeMetrics.Label(name: label.name, value: label.value))
                    }
                    families[position].lineCount += 1
                    if type != .summary && type != .histogram {
                        families[position].samples.append(Sample(labels: labels, value: parser.value))
                    }
                case .comment, .unit:
                    break
                }
            }
        } catch let error as ExpositionError {
            throw FileError(line: error.line, reason: error.reason)
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError(line: parser.line, reason: "\(error)")
        }
        return families.filter { $0.lineCount > 0 }
    }

    /// The family a sample or metadata line named `name` goes to, creating
    /// it if needed.
    private static func familyIndex(
        for name: String, families: inout [TextfileFamily], index: inout [String: Int]
    ) -> Int {
        if let position = index[name] { return position }
        for (suffixes, type) in [
            (["_count", "_sum"], MetricType.summary), (["_count", "_sum", "_bucket"], .histogram),
        ] {
            guard let suffix = suffixes.first(where: { name.hasSuffix($0) }) else { continue }
            if let position = index[String(name.dropLast(suffix.count))], families[position].type == type {
                return position
            }
        }
        index[name] = families.count
        families.append(TextfileFamily(name: name))
        return families.count - 1
    }

    /// Whether every backslash in `text` starts one of the escapes Go's
    /// parser knows (`\\`, `\n`, and `\"` in label values); the shared
    /// parser keeps unknown ones as written.
    private static func hasValidEscapes(_ text: ArraySlice<UInt8>, allowed: [UInt8]) -> Bool {
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == UInt8(ascii: "\\") {
                guard i + 1 < text.endIndex, allowed.contains(text[i + 1]) else { return false }
                i += 1
            }
            i += 1
        }
        return true
    }

    /// Whether the value after a sample's name and labels (ending at
    /// `start`) is followed by a blank on its line.
    private static func hasBlankAfterValue(_ bytes: [UInt8], from start: Int) -> Bool {
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        var i = start
        while i < bytes.count, isBlank(bytes[i]) { i += 1 }
        while i < bytes.count, bytes[i] != 0x0A, !isBlank(bytes[i]) { i += 1 }
        return i < bytes.count && isBlank(bytes[i])
    }

    /// Go's `expfmt` float syntax for `quantile` and `le` values.
    private static func isGoFloat(_ text: String) -> Bool {
        !text.utf8.contains { $0 == UInt8(ascii: "p") || $0 == UInt8(ascii: "P") || $0 == UInt8(ascii: "_") }
            && GoFloat.parse(text) != nil
    }

    /// Adds the samples, label sets completed with empty values for the
    /// family's other label names, as node-exporter does. `registered`
    /// tracks the families of the scrape by type, to drop what
    /// client_golang's registry would reject next to a summary or
    /// histogram that is not reported.
    func add(to metrics: inout NodeMetrics, help: String, registered: inout [String: MetricType]) {
        let type = self.type ?? .unknown
        if let existing = registered[name] {
            if existing == .summary || existing == .histogram { return }
        } else {
            guard !Self.collides(name, type, registered) else { return }
            registered[name] = type
        }
        let valueType: NodeMetrics.ValueType
        switch type {
        case .counter: valueType = .counter
        case .gauge: valueType = .gauge
        case .unknown: valueType = .untyped
        default: return
        }
        var allNames: [String] = []
        for sample in samples {
            for label in sample.labels where !allNames.contains(label.name) { allNames.append(label.name) }
        }
        for sample in samples {
            var labels = sample.labels
            for name in allNames where !labels.contains(where: { $0.name == name }) {
                labels.append(NodeMetrics.Label(name: name, value: ""))
            }
            metrics.add(name, help: help, type: valueType, labels: labels, value: sample.value)
        }
    }

    /// client_golang's check that `x_count`, `x_sum` and `x_bucket` are
    /// not both their own families and part of a summary or histogram `x`.
    private static func collides(_ name: String, _ type: MetricType, _ registered: [String: MetricType]) -> Bool {
        for suffix in ["_count", "_sum", "_bucket"] where name.hasSuffix(suffix) {
            switch registered[String(name.dropLast(suffix.count))] {
            case .summary: if suffix != "_bucket" { return true }
            case .histogram: return true
            default: break
            }
        }
        if type == .summary || type == .histogram {
            if registered[name + "_count"] != nil || registered[name + "_sum"] != nil { return true }
        }
        return type == .histogram && registered[name + "_bucket"] != nil
    }
}
