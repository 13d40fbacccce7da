/// A gzip request body that cannot be inflated.
public struct GzipError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in the words of Go's gzip and flate readers where they have some.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

/// Inflates `Content-Encoding: gzip` push bodies, which the Pushgateway
/// accepts: gzip members (RFC 1952, several in a row as Go's reader
/// allows) holding DEFLATE data (RFC 1951), checked against their CRC-32
/// and length. A small bit-at-a-time decoder: push bodies are small, and
/// clarity matters more here than speed.
public enum GzipBody {
    /// The inflated bytes of `compressed`, at most `limit` of them.
    public static func inflate(_ compressed: [UInt8], limit: Int) throws(GzipError) -> [UInt8] {
        var reader = BitReader(compressed)
        var output: [UInt8] = []
        var member = 0
        repeat {
            try readHeader(&reader, first: member == 0)
            let start = output.count
            try inflateStream(&reader, into: &output, limit: limit)
            reader.alignToByte()
            guard let crc = reader.readUInt32LE(), let size = reader.readUInt32LE() else {
                throw GzipError("unexpected EOF")
            }
            guard crc == CRC32.checksum(output[start...]), size == UInt32(truncatingIfNeeded: output.count - start)
            else {
                throw GzipError("gzip: invalid checksum")
            }
            member += 1
        } while !reader.isAtEnd
        return output
    }

    private static func readHeader(_ reader: inout BitReader, first: Bool) throws(GzipError) {
        guard let id1 = reader.readByte(), let id2 = reader.readByte(), let method = reader.readByte(),
            id1 == 0x1F, id2 == 0x8B, method == 8, let flags = reader.readByte()
        else {
            throw GzipError(first ? "gzip: invalid header" : "gzip: invalid header after the first member")
        }
        // MTIME, XFL, OS.
        for _ in 0..<6 where reader.readByte() == nil { throw GzipError("unexpected EOF") }
        if flags & 0x04 != 0 {
            guard let low = reader.readByte(), let high = reader.readByte() else { throw GzipError("unexpected EOF") }
            for _ in 0..<(Int(high) << 8 | Int(low)) where reader.readByte() == nil {
                throw GzipError("unexpected EOF")
            }
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {
            // A zero-terminated file name or comment.
            while true {
                guard let byte = reader.readByte() else { throw GzipError("unexpected EOF") }
                if byte == 0 { break }
            }
        }
        if flags & 0x02 != 0 {
            guard reader.readByte() != nil, reader.readByte() != nil else { throw GzipError("unexpected EOF") }
        }
    }

    // MARK: DEFLATE

    private static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra: [Int] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    private static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private static func corrupt(_ reader: BitReader) -> GzipError {
        GzipError("flate: corrupt input before offset \(reader.byteOffset)")
    }

    private static func inflateStream(_ reader: inout BitReader, into output: inout [UInt8], limit: Int)
        throws(GzipError)
    {
        var last = false
        while !last {
            guard let final = reader.readBits(1), let type = reader.readBits(2) else {
                throw GzipError("unexpected EOF")
            }
            last = final == 1
            switch type {
            case 0:
                reader.alignToByte()
                guard let length = reader.readUInt16LE(), let complement = reader.readUInt16LE() else {
                    throw GzipError("unexpected EOF")
                }
                guard length == ~complement else { throw corrupt(reader) }
                guard output.count + Int(length) <= limit else { throw tooLarge(limit) }
                for _ in 0..<Int(length) {
                    guard let byte = reader.readByte() else { throw GzipError("unexpected EOF") }
                    output.append(byte)
                }
            case 1:
                try inflateBlock(&reader, Huffman.fixedLiterals, Huffman.fixedDistances, into: &output, limit: limit)
            case 2:
                let (literals, distances) = try readDynamicTables(&reader)
                try inflateBlock(&reader, literals, distances, into: &output, limit: limit)
            default:
                throw corrupt(reader)
            }
        }
    }

    private static func tooLarge(_ limit: Int) -> GzipError {
        GzipError("gzip: body inflates to more than \(limit) bytes")
    }

    private static func inflateBlock(
        _ reader: inout BitReader, _ literals: Huffman, _ distances: Huffman, into output: inout [UInt8], limit: Int
    ) throws(GzipError) {
        while true {
            let symbol = try literals.decode(&reader)
            if symbol < 256 {
                guard output.count < limit else { throw tooLarge(limit) }
                output.append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let index = symbol - 257
            guard index < lengthBase.count else { throw corrupt(reader) }
            guard let extra = reader.readBits(lengthExtra[index]) else { throw GzipError("unexpected EOF") }
            let length = lengthBase[index] + extra
            let distanceSymbol = try distances.decode(&reader)
            guard distanceSymbol < distanceBase.count else { throw corrupt(reader) }
            guard let distanceBits = reader.readBits(distanceExtra[distanceSymbol]) else {
                throw GzipError("unexpected EOF")
            }
            let distance = distanceBase[distanceSymbol] + distanceBits
            guard distance <= output.count else { throw corrupt(reader) }
            guard output.count + length <= limit else { throw tooLarge(limit) }
            let from = output.count - distance
            for i in 0..<length { output.append(output[from + i]) }
        }
    }

    private static func readDynamicTables(_ reader: inout BitReader) throws(GzipError) -> (Huffman, Huffman) {
        guard let hlit = reader.readBits(5), let hdist = reader.readBits(5), let hclen = reader.readBits(4) else {
            throw GzipError("unexpected EOF")
        }
        let literalCount = hlit + 257
        let distanceCount = hdist + 1
        guard literalCount <= 286, distanceCount <= 30 else { throw corrupt(reader) }
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<(hclen + 4) {
            guard let length = reader.readBits(3) else { throw GzipError("unexpected EOF") }
            codeLengths[codeLengthOrder[i]] = length
        }
        guard let lengthCode = Huffman(lengths: codeLengths) else { throw corrupt(reader) }
        var lengths: [Int] = []
        lengths.reserveCapacity(literalCount + distanceCount)
        while lengths.count < literalCount + distanceCount {
            let symbol = try lengthCode.decode(&reader)
            switch symbol {
            case 0...15:
                lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw corrupt(reader) }
                guard let repeatCount = reader.readBits(2) else { throw GzipError("unexpected EOF") }
                lengths += repeatElement(previous, count: 3 + repeatCount)
            case 17:
                guard let repeatCount = reader.readBits(3) else { throw GzipError("unexpected EOF") }
                lengths += repeatElement(0, count: 3 + repeatCount)
            default:
                guard let repeatCount = reader.readBits(7) else { throw GzipError("unexpected EOF") }
                lengths += repeatElement(0, count: 11 + repeatCount)
            }
        }
        guard lengths.count == literalCount + distanceCount, lengths[256] != 0,
            let literals = Huffman(lengths: Array(lengths[0..<literalCount])),
            let distances = Huffman(lengths: Array(lengths[literalCount...]))
        else { throw corrupt(reader) }
        return (literals, distances)
    }

    /// A canonical Huffman code, decoded a bit at a time (as zlib's `puff` does).
    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        /// The code for symbols with these bit lengths (0: unused); nil when
        /// the lengths over-subscribe the code space.
        init?(lengths: [Int]) {
            for length in lengths { counts[length] += 1 }
            var left = 1
            for length in 1..<16 {
                left <<= 1
                left -= counts[length]
                if left < 0 { return nil }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
            counts[0] = 0
        }

        func decode(_ reader: inout BitReader) throws(GzipError) -> Int {
            var code = 0
            var first = 0
            var index = 0
            for length in 1..<16 {
                guard let bit = reader.readBits(1) else { throw GzipError("unexpected EOF") }
                code |= bit
                let count = counts[length]
                if code - count < first { return symbols[index + (code - first)] }
                index += count
                first += count
                first <<= 1
                code <<= 1
            }
            throw GzipError("flate: corrupt input before offset \(reader.byteOffset)")
        }

        static let fixedLiterals: Huffman = {
            var lengths = [Int](repeating: 8, count: 288)
            for i in 144..<256 { lengths[i] = 9 }
            for i in 256..<280 { lengths[i] = 7 }
            return Huffman(lengths: lengths) ?? Huffman()
        }()

        static let fixedDistances: Huffman = Huffman(lengths: [Int](repeating: 5, count: 30)) ?? Huffman()

        private init() {}
    }

    /// Reads bits least significant first, as DEFLATE packs them.
    private struct BitReader {
        let bytes: [UInt8]
        var position = 0
        var bitBuffer = 0
        var bitCount = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { position >= bytes.count && bitCount == 0 }
        var byteOffset: Int { position }

        mutating func readBits(_ count: Int) -> Int? {
            while bitCount < count {
                guard position < bytes.count else { return nil }
                bitBuffer |= Int(bytes[position]) << bitCount
                position += 1
                bitCount += 8
            }
            let value = bitBuffer & ((1 << count) - 1)
            bitBuffer >>= count
            bitCount -= count
            return value
        }

        mutating func alignToByte() {
            bitBuffer = 0
            bitCount = 0
        }

        mutating func readByte() -> UInt8? {
            readBits(8).map { UInt8($0) }
        }

        mutating func readUInt16LE() -> UInt16? {
            guard let low = readByte(), let high = readByte() else { return nil }
            return UInt16(high) << 8 | UInt16(low)
        }

        mutating func readUInt32LE() -> UInt32? {
            guard let low = readUInt16LE(), let high = readUInt16LE() else { return nil }
            return UInt32(high) << 16 | UInt32(low)
        }
    }
}

/// CRC-32 (IEEE 802.3), the checksum of gzip members.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        return crc
    }

    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}
