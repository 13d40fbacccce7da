import ArgusCore

/// The snapshot files of silences and of the notification log: Argus' own
/// format, not upstream's delimited protobuf.
///
/// ```
/// file    = magic record*
/// magic   = name:7 version:u8       ("ARGUSSL" 1 for silences,
///                                    "ARGUSNL" 1 for the notification log)
/// record  = length:u32le crc32c:u32le payload
/// ```
///
/// The checksum is CRC-32C of the payload; the payload layout belongs to
/// the record type (``Silence`` and `NotificationLogRecord`). Files are
/// replaced atomically, so a crash leaves either the old or the new
/// snapshot; a damaged file is still read up to its first bad record.
enum SnapshotFile<Record: SnapshotRecord> {
    /// What was read from a file: every record before the first damaged
    /// one, and the damage, if any.
    struct Contents {
        var records: [Record]
        var error: SnapshotError?
    }

    /// The bytes of a file holding `records`.
    static func encode(_ records: some Sequence<Record>) -> [UInt8] {
        var out = Record.snapshotMagic
        for record in records {
            var encoder = SnapshotEncoder()
            record.encode(to: &encoder)
            let payload = encoder.bytes
            appendUInt32(UInt32(payload.count), to: &out)
            appendUInt32(payload.withUnsafeBytes { CRC32C.checksum($0) }, to: &out)
            out.append(contentsOf: payload)
        }
        return out
    }

    /// The records in a file's bytes; `path` names the file in errors. An
    /// empty file holds no records.
    static func decode(_ bytes: [UInt8], path: String) -> Contents {
        var contents = Contents(records: [], error: nil)
        if bytes.isEmpty { return contents }
        let magic = Record.snapshotMagic
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            let name = String(decoding: magic.dropLast(), as: UTF8.self)
            contents.error = SnapshotError(
                path: path, offset: 0,
                reason: "not an Argus \(Record.recordName) snapshot (no \"\(name)\" version \(magic.last ?? 0) header)")
            return contents
        }
        var offset = magic.count
        var number = 0
        while offset < bytes.count {
            number += 1
            guard bytes.count - offset >= 8 else {
                contents.error = SnapshotError(
                    path: path, offset: offset, reason: "\(Record.recordName) record \(number) has a truncated header")
                return contents
            }
            let length = Int(readUInt32(bytes, offset))
            let checksum = readUInt32(bytes, offset + 4)
            let start = offset + 8
            guard length <= bytes.count - start else {
                contents.error = SnapshotError(
                    path: path, offset: offset,
                    reason: "\(Record.recordName) record \(number) of \(length) bytes runs past the end of the file")
                return contents
            }
            let payload = bytes[start..<(start + length)]
            guard payload.withUnsafeBytes({ CRC32C.checksum($0) }) == checksum else {
                contents.error = SnapshotError(
                    path: path, offset: offset, reason: "bad checksum in \(Record.recordName) record \(number)")
                return contents
            }
            var decoder = SnapshotDecoder(payload)
            do throws(SnapshotDecoder.Failure) {
                contents.records.append(try Record.decode(from: &decoder))
                guard decoder.isAtEnd else { throw decoder.failure("trailing bytes") }
            } catch {
                contents.error = SnapshotError(
                    path: path, offset: start + error.offset,
                    reason: "\(Record.recordName) record \(number) is malformed: \(error.reason)")
                return contents
            }
            offset = start + length
        }
        return contents
    }

    private static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    // MARK: Files

    /// The records of the file at `path`; none when it does not exist.
    static func load(from path: String) -> Contents {
        do {
            guard let bytes = try DurableFile.contents(of: path) else { return Contents(records: [], error: nil) }
            return decode(bytes, path: path)
        } catch {
            return Contents(records: [], error: SnapshotError(path: path, reason: error.reason))
        }
    }

    /// Writes `records` to `path` atomically (see ``DurableFile/replace(_:with:temporarySuffix:)``).
    /// Returns the size of the file.
    static func save(_ records: some Sequence<Record>, to path: String) throws(SnapshotError) -> Int {
        let bytes = encode(records)
        do {
            try DurableFile.replace(path, with: bytes)
        } catch {
            throw SnapshotError(path: path, reason: error.reason)
        }
        return bytes.count
    }
}
