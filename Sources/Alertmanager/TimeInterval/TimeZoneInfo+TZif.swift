import Foundation

extension TimeZoneInfo {
    /// A TZif file that cannot be read.
    struct FormatError: Error {}

    /// Parses a TZif file (RFC 8536), using the 64-bit data of version 2+ when present, and the
    /// footer's POSIX TZ rule for instants after the last transition.
    init(name: String, tzif data: Data) throws {
        var reader = TZifReader(bytes: [UInt8](data))
        var header = try reader.header()
        var timeSize = 4
        if header.version >= 2 {
            // Skip the 32-bit block; the 64-bit block and the footer follow.
            try reader.skip(header.dataSize(timeSize: 4))
            header = try reader.header()
            timeSize = 8
        }
        var transitions: [Int64] = []
        for _ in 0..<header.timeCount { transitions.append(try reader.signed(timeSize)) }
        var transitionTypes: [Int] = []
        for _ in 0..<header.timeCount { transitionTypes.append(Int(try reader.byte())) }
        var rawTypes: [(offset: Int, isDST: Bool, abbreviationIndex: Int)] = []
        for _ in 0..<header.typeCount {
            let offset = Int(try reader.signed(4))
            let isDST = try reader.byte() != 0
            rawTypes.append((offset, isDST, Int(try reader.byte())))
        }
        let characters = try reader.take(header.charCount)
        try reader.skip(header.leapCount * (timeSize + 4) + header.standardCount + header.utcCount)
        guard !rawTypes.isEmpty, transitionTypes.allSatisfy({ $0 < rawTypes.count }) else { throw FormatError() }
        let types = rawTypes.map { raw -> LocalType in
            let tail = characters.dropFirst(raw.abbreviationIndex)
            let abbreviation = String(decoding: tail.prefix { $0 != 0 }, as: UTF8.self)
            return LocalType(offset: raw.offset, isDST: raw.isDST, abbreviation: abbreviation)
        }
        var rule: PosixTimeZoneRule?
        if header.version >= 2, let footer = reader.footer() {
            rule = PosixTimeZoneRule(parsing: footer)
        }
        self.init(name: name, transitions: transitions, transitionTypes: transitionTypes, types: types, rule: rule)
    }
}

/// Reads the big-endian fields of a TZif file.
struct TZifReader {
    struct Header {
        var version: Int
        var utcCount: Int
        var standardCount: Int
        var leapCount: Int
        var timeCount: Int
        var typeCount: Int
        var charCount: Int

        func dataSize(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4)
                + standardCount + utcCount
        }
    }

    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func header() throws -> Header {
        let magic = try take(4)
        guard magic == Array("TZif".utf8) else { throw TimeZoneInfo.FormatError() }
        let versionByte = try byte()
        let version = versionByte == 0 ? 1 : Int(versionByte) - Int(UInt8(ascii: "0"))
        try skip(15)
        var counts: [Int] = []
        for _ in 0..<6 {
            let count = try signed(4)
            guard count >= 0, count < 1 << 20 else { throw TimeZoneInfo.FormatError() }
            counts.append(Int(count))
        }
        return Header(
            version: version, utcCount: counts[0], standardCount: counts[1], leapCount: counts[2],
            timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
    }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw TimeZoneInfo.FormatError() }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, position + count <= bytes.count else { throw TimeZoneInfo.FormatError() }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    mutating func skip(_ count: Int) throws { _ = try take(count) }

    /// A big-endian two's-complement integer of `size` bytes.
    mutating func signed(_ size: Int) throws -> Int64 {
        var value: UInt64 = 0
        for byte in try take(size) { value = value << 8 | UInt64(byte) }
        let shift = UInt64(64 - size * 8)
        return Int64(bitPattern: value << shift) >> shift
    }

    /// The text between the two newlines that end a version 2+ file.
    mutating func footer() -> String? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\n") else { return nil }
        let rest = bytes[(position + 1)...]
        guard let end = rest.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return String(decoding: rest[..<end], as: UTF8.self)
    }
}
