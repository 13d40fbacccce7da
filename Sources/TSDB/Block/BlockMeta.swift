import Foundation

/// The `meta.json` of a block (`tsdb/block.go`'s `BlockMeta`): its identity,
/// the time range of its samples, counts, and how it was made.
public struct BlockMeta: Hashable, Sendable, Codable {
    /// The block's identity and directory name.
    public var ulid: ULID
    /// The earliest timestamp a sample in the block may have (inclusive).
    public var minTime: Int64
    /// The end of the block's time range (exclusive): every sample is before it.
    public var maxTime: Int64
    public var stats: Stats
    public var compaction: Compaction
    /// The meta file format, 1.
    public var version: Int

    /// Counts of what the block holds.
    public struct Stats: Hashable, Sendable, Codable {
        public var numSamples: UInt64
        public var numSeries: UInt64
        public var numChunks: UInt64
        /// The number of deleted intervals in the `tombstones` file.
        public var numTombstones: UInt64

        public init(numSamples: UInt64 = 0, numSeries: UInt64 = 0, numChunks: UInt64 = 0, numTombstones: UInt64 = 0) {
            self.numSamples = numSamples
            self.numSeries = numSeries
            self.numChunks = numChunks
            self.numTombstones = numTombstones
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            numSamples = try c.decodeIfPresent(UInt64.self, forKey: .numSamples) ?? 0
            numSeries = try c.decodeIfPresent(UInt64.self, forKey: .numSeries) ?? 0
            numChunks = try c.decodeIfPresent(UInt64.self, forKey: .numChunks) ?? 0
            numTombstones = try c.decodeIfPresent(UInt64.self, forKey: .numTombstones) ?? 0
        }
    }

    /// A block this block was compacted from.
    public struct Parent: Hashable, Sendable, Codable {
        public var ulid: ULID
        public var minTime: Int64
        public var maxTime: Int64

        public init(ulid: ULID, minTime: Int64, maxTime: Int64) {
            self.ulid = ulid
            self.minTime = minTime
            self.maxTime = maxTime
        }
    }

    /// How the block came to be.
    public struct Compaction: Hashable, Sendable, Codable {
        /// 1 for a block cut from the head, one more for each compaction.
        public var level: Int
        /// The level-1 blocks whose data went into this block.
        public var sources: [ULID]
        public var deletable: Bool
        public var parents: [Parent]
        public var failed: Bool
        public var hints: [String]

        public init(
            level: Int = 1, sources: [ULID] = [], deletable: Bool = false, parents: [Parent] = [],
            failed: Bool = false, hints: [String] = []
        ) {
            self.level = level
            self.sources = sources
            self.deletable = deletable
            self.parents = parents
            self.failed = failed
            self.hints = hints
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            level = try c.decodeIfPresent(Int.self, forKey: .level) ?? 0
            sources = try c.decodeIfPresent([ULID].self, forKey: .sources) ?? []
            deletable = try c.decodeIfPresent(Bool.self, forKey: .deletable) ?? false
            parents = try c.decodeIfPresent([Parent].self, forKey: .parents) ?? []
            failed = try c.decodeIfPresent(Bool.self, forKey: .failed) ?? false
            hints = try c.decodeIfPresent([String].self, forKey: .hints) ?? []
        }
    }

    public init(
        ulid: ULID, minTime: Int64, maxTime: Int64, stats: Stats = Stats(), compaction: Compaction? = nil,
        version: Int = 1
    ) {
        self.ulid = ulid
        self.minTime = minTime
        self.maxTime = maxTime
        self.stats = stats
        self.compaction = compaction ?? Compaction(level: 1, sources: [ulid])
        self.version = version
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ulid = try c.decode(ULID.self, forKey: .ulid)
        minTime = try c.decode(Int64.self, forKey: .minTime)
        maxTime = try c.decode(Int64.self, forKey: .maxTime)
        stats = try c.decodeIfPresent(Stats.self, forKey: .stats) ?? Stats()
        compaction = try c.decodeIfPresent(Compaction.self, forKey: .compaction) ?? Compaction(level: 0)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 0
    }

    /// Parses a `meta.json`; `path` is named in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(BlockError) -> BlockMeta {
        let meta: BlockMeta
        do {
            meta = try JSONDecoder().decode(BlockMeta.self, from: Data(bytes))
        } catch {
            throw BlockError(.invalidData, "\(path): not a block meta file: \(error)", path: path, section: "meta")
        }
        guard meta.version == 1 else {
            throw BlockError(
                .unsupportedVersion, "\(path): unsupported meta.json version \(meta.version), expected 1",
                path: path, section: "meta")
        }
        return meta
    }

    /// The JSON upstream writes (`json.MarshalIndent(meta, "", "\t")`): the
    /// same keys in the same order, zero counts and empty lists left out.
    public var json: String {
        var lines: [String] = ["{"]
        lines.append("\t\"ulid\": \"\(ulid)\",")
        lines.append("\t\"minTime\": \(minTime),")
        lines.append("\t\"maxTime\": \(maxTime),")
        let counts: [(String, UInt64)] = [
            ("numSamples", stats.numSamples), ("numSeries", stats.numSeries), ("numChunks", stats.numChunks),
            ("numTombstones", stats.numTombstones),
        ].filter { $0.1 != 0 }
        if counts.isEmpty {
            lines.append("\t\"stats\": {},")
        } else {
            lines.append("\t\"stats\": {")
            for (i, (key, value)) in counts.enumerated() {
                lines.append("\t\t\"\(key)\": \(value)" + (i == counts.count - 1 ? "" : ","))
            }
            lines.append("\t},")
        }
        var fields: [[String]] = [["\"level\": \(compaction.level)"]]
        if !compaction.sources.isEmpty {
            fields.append(["\"sources\": ["] + Self.list(compaction.sources.map { "\"\($0)\"" }) + ["]"])
        }
        if compaction.deletable { fields.append(["\"deletable\": true"]) }
        if !compaction.parents.isEmpty {
            let parents = compaction.parents.map {
                "{\n\t\t\t\t\"ulid\": \"\($0.ulid)\",\n\t\t\t\t\"minTime\": \($0.minTime),\n\t\t\t\t\"maxTime\": \($0.maxTime)\n\t\t\t}"
            }
            fields.append(["\"parents\": ["] + Self.list(parents) + ["]"])
        }
        if compaction.failed { fields.append(["\"failed\": true"]) }
        if !compaction.hints.isEmpty {
            fields.append(["\"hints\": ["] + Self.list(compaction.hints.map(Self.quote)) + ["]"])
        }
        lines.append("\t\"compaction\": {")
        for (i, field) in fields.enumerated() {
            var field = field
            if i < fields.count - 1 { field[field.count - 1] += "," }
            lines.append(contentsOf: field.map { "\t\t" + $0 })
        }
        lines.append("\t},")
        lines.append("\t\"version\": \(version)")
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private static func list(_ items: [String]) -> [String] {
        items.enumerated().map { "\t" + $0.element + ($0.offset == items.count - 1 ? "" : ",") }
    }

    private static func quote(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<", ">", "&": result += "\\u00" + String(scalar.value, radix: 16)
            default:
                if scalar.value < 0x20 {
                    result += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
