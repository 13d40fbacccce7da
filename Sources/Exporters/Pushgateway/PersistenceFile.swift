import ArgusCore
import Exposition

/// A persistence file that cannot be read or written.
public struct PersistenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The byte offset of the problem within the file, when it is about the content.
    public var offset: Int?
    /// What is wrong.
    public var reason: String

    /// An error about the file at `path`, at byte `offset` when it concerns the content.
    public init(path: String, offset: Int? = nil, reason: String) {
        self.path = path
        self.offset = offset
        self.reason = reason
    }

    /// `persistence file /data/pg.data: bad checksum in record 3 at byte offset 1234`.
    public var description: String {
        let location = offset.map { " at byte offset \($0)" } ?? ""
        return "persistence file \(path): \(reason)\(location)"
    }
}

/// Reads and writes Argus' persistence file for the push gateway (not
/// upstream's Go `gob` file; see `docs/pushgateway.md` for the layout).
///
/// ```
/// file    = magic record*
/// magic   = "ARGUSPG" 0x01                      (8 bytes: name and format version)
/// record  = length:u32le crc32c:u32le payload   (one metric group each;
///                                                CRC-32C of the payload)
/// payload = protobuf Group
/// Group   { repeated LabelPair label = 1;        (the grouping key)
///           repeated Entry family = 2; }
/// Entry   { int64 pushed_at_unix_nanos = 1;
///           io.prometheus.client.MetricFamily family = 2; }
/// ```
public enum PersistenceFile {
    static let magic: [UInt8] = Array("ARGUSPG".utf8) + [1]

    /// The bytes of a file holding `groups`.
    public static func encode(_ groups: [MetricGroup]) -> [UInt8] {
        var out = magic
        for group in groups {
            var writer = ProtobufWriter(capacity: 256)
            for label in group.key.labels {
                writer.writeMessage(1) {
                    $0.writeString(1, label.name)
                    $0.writeString(2, label.value)
                }
            }
            for entry in group.sortedFamilies {
                writer.writeMessage(2) {
                    $0.writeInt64(1, entry.pushedAt)
                    $0.writeMessage(2) { entry.family.encode(to: &$0) }
                }
            }
            let payload = writer.bytes
            appendUInt32(UInt32(payload.count), to: &out)
            appendUInt32(CRC32C.checksum(payload), to: &out)
            out.append(contentsOf: payload)
        }
        return out
    }

    /// The groups in a file's bytes; `path` names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(PersistenceError) -> [MetricGroup] {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw PersistenceError(
                path: path, offset: 0,
                reason: "not an Argus push gateway persistence file (no \"ARGUSPG\" version 1 header)")
        }
        var groups: [MetricGroup] = []
        var offset = magic.count
        var record = 0
        while offset < bytes.count {
            record += 1
            guard bytes.count - offset >= 8 else {
                throw PersistenceError(path: path, offset: offset, reason: "record \(record) has a truncated header")
            }
            let length = Int(readUInt32(bytes, offset))
            let checksum = readUInt32(bytes, offset + 4)
            let start = offset + 8
            guard length <= bytes.count - start else {
                throw PersistenceError(
                    path: path, offset: offset,
                    reason: "record \(record) of \(length) bytes runs past the end of the file")
            }
            let payload = bytes[start..<(start + length)]
            guard CRC32C.checksum(payload) == checksum else {
                throw PersistenceError(path: path, offset: offset, reason: "bad checksum in record \(record)")
            }
            do {
                groups.append(try decodeGroup(Array(payload)))
            } catch {
                throw PersistenceError(
                    path: path, offset: start + (error.offset ?? 0),
                    reason: "record \(record) is malformed: \(error.message)")
            }
            offset = start + length
        }
        return groups
    }

    private static func decodeGroup(_ payload: [UInt8]) throws(WireFormatError) -> MetricGroup {
        let decoded = payload.withUnsafeBytes { buffer in
            Result { () throws(WireFormatError) -> MetricGroup in
                var reader = ProtobufReader(buffer)
                var labels: [String: String] = [:]
                var entries: [TimestampedFamily] = []
                while !reader.isAtEnd {
                    let tag = try reader.readTag()
                    switch tag.fieldNumber {
                    case 1:
                        try reader.expect(tag, .lengthDelimited)
                        var sub = try reader.readLengthDelimited()
                        var name = ""
                        var value = ""
                        while !sub.isAtEnd {
                            let inner = try sub.readTag()
                            switch inner.fieldNumber {
                            case 1: name = try sub.readString(inner)
                            case 2: value = try sub.readString(inner)
                            default: try sub.skip(inner)
                            }
                        }
                        labels[name] = value
                    case 2:
                        try reader.expect(tag, .lengthDelimited)
                        var sub = try reader.readLengthDelimited()
                        var entry = TimestampedFamily(pushedAt: 0, family: PushedMetricFamily(name: "", type: .untyped))
                        while !sub.isAtEnd {
                            let inner = try sub.readTag()
                            switch inner.fieldNumber {
                            case 1: entry.pushedAt = try sub.readInt64(inner)
                            case 2:
                                try sub.expect(inner, .lengthDelimited)
                                var familyReader = try sub.readLengthDelimited()
                                entry.family = try PushedMetricFamily(reading: &familyReader)
                            default: try sub.skip(inner)
                            }
                        }
                        entries.append(entry)
                    default:
                        try reader.skip(tag)
                    }
                }
                guard labels["job"] != nil else {
                    throw WireFormatError(.protobufTruncated, "group has no job label", offset: 0)
                }
                var group = MetricGroup(key: MetricGroupKey(labels))
                for entry in entries { group.families[entry.family.name] = entry }
                return group
            }
        }
        return try decoded.get()
    }

    private static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    // MARK: Files

    /// The groups in the file at `path`; none when it does not exist.
    public static func load(path: String) throws(PersistenceError) -> [MetricGroup] {
        let bytes: [UInt8]
        do {
            guard let contents = try DurableFile.contents(of: path) else { return [] }
            bytes = contents
        } catch {
            throw PersistenceError(path: path, reason: error.reason)
        }
        return try decode(bytes, path: path)
    }

    /// Writes `groups` to `path` atomically (see ``DurableFile/replace(_:with:temporarySuffix:)``),
    /// so a crash leaves either the old or the new file.
    public static func save(_ groups: [MetricGroup], path: String) throws(PersistenceError) {
        do {
            try DurableFile.replace(path, with: encode(groups), temporarySuffix: ".in_progress")
        } catch {
            throw PersistenceError(path: path, reason: error.reason)
        }
    }
}
