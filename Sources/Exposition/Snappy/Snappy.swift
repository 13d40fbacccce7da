/// The Snappy compression format, block flavour: what Prometheus remote write
/// and remote read put in bodies sent with `Content-Encoding: snappy`.
///
/// A block is the uncompressed length as a little-endian base-128 varint,
/// followed by a sequence of elements. Each element starts with a tag byte
/// whose low two bits say what it is:
///
/// ```
/// tag & 3 == 0  literal   length-1 in tag >> 2 when < 60, otherwise 1–4 more
///                         bytes (tag >> 2 = 60…63) hold length-1; the bytes follow
/// tag & 3 == 1  copy      length 4…11 in bits 2–4, offset 11 bits: bits 5–7 of
///                         the tag then one byte
/// tag & 3 == 2  copy      length 1…64 in tag >> 2, offset in 2 bytes (little endian)
/// tag & 3 == 3  copy      length 1…64 in tag >> 2, offset in 4 bytes (little endian)
/// ```
///
/// A copy repeats `length` bytes starting `offset` bytes back in the output;
/// the two ranges may overlap, so a copy with offset 1 repeats one byte.
///
/// The framing format (`application/x-snappy-framed`) is not implemented:
/// remote write never uses it.
///
/// The compressor follows the reference implementation: input is cut into
/// 64 KiB blocks, each searched greedily for four-byte matches through a hash
/// table, with a lookup stride that grows over incompressible input. Its
/// output is valid for every Snappy decoder, though not always byte-identical
/// to the reference's.
public enum Snappy {
    /// The default limit on the decoded size that ``decompress(_:maxDecodedLength:)`` accepts: 32 MiB.
    public static let defaultMaxDecodedLength = 32 << 20

    /// The largest input the format can describe: the length header is a 32-bit value.
    public static let maxUncompressedLength = Int(UInt32.max)

    /// The compressor works on independent blocks of at most this many bytes.
    static let blockSize = 1 << 16
    /// The largest hash table the compressor uses (entries of `UInt16`).
    static let maxTableSize = 1 << 14
    /// Bytes at the end of a block in which no match search starts, so that
    /// eight-byte loads never read past the block.
    static let inputMargin = 16 - 1
    /// Blocks shorter than this are emitted as one literal.
    static let minNonLiteralBlockSize = 1 + 1 + inputMargin

    /// The most bytes ``compress(_:into:)`` can write for `count` input bytes.
    public static func maxCompressedLength(_ count: Int) -> Int {
        precondition(count >= 0 && count <= maxUncompressedLength, "Snappy input of \(count) bytes is too large")
        return 32 + count + count / 6
    }

    /// Compresses `input` into one Snappy block.
    public static func compress(_ input: some Collection<UInt8>) -> [UInt8] {
        if let result = input.withContiguousStorageIfAvailable({ compress(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(input).withUnsafeBytes { compress($0) }
    }

    /// Compresses the bytes of `input` into one Snappy block.
    public static func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        let capacity = maxCompressedLength(input.count)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
            initializedCount = compress(input, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Compresses `input` into `output` and returns the number of bytes written.
    ///
    /// - Precondition: `output.count >= maxCompressedLength(input.count)`.
    public static func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        let length = input.count
        precondition(output.count >= maxCompressedLength(length), "Snappy output buffer is too small")
        guard let dst = output.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        var d = 0
        var header = UInt64(length)
        while header >= 0x80 {
            dst[d] = UInt8(truncatingIfNeeded: header) | 0x80
            header >>= 7
            d += 1
        }
        dst[d] = UInt8(header)
        d += 1
        guard length > 0, let src = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return d }

        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: maxTableSize) { table in
            guard let table = table.baseAddress else { return }
            var start = 0
            while start < length {
                let count = min(blockSize, length - start)
                if count < minNonLiteralBlockSize {
                    d += emitLiteral(dst + d, src + start, count)
                } else {
                    d += encodeBlock(dst + d, src + start, count, table)
                }
                start += count
            }
        }
        return d
    }

    // MARK: - Block encoder

    @inline(__always)
    private static func load32(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt32 {
        UInt32(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self))
    }

    @inline(__always)
    private static func load64(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
    }

    @inline(__always)
    private static func hash(_ u: UInt32, _ shift: UInt32) -> Int {
        Int((u &* 0x1e35_a7bd) >> shift)
    }

    /// Writes a literal of `count` bytes and returns the bytes written.
    @inline(__always)
    private static func emitLiteral(_ dst: UnsafeMutablePointer<UInt8>, _ src: UnsafePointer<UInt8>, _ count: Int)
        -> Int
    {
        let n = count - 1
        var i: Int
        if n < 60 {
            dst[0] = UInt8(n << 2)
            i = 1
        } else if n < 1 << 8 {
            dst[0] = 60 << 2
            dst[1] = UInt8(n)
            i = 2
        } else if n < 1 << 16 {
            dst[0] = 61 << 2
            dst[1] = UInt8(truncatingIfNeeded: n)
            dst[2] = UInt8(truncatingIfNeeded: n >> 8)
            i = 3
        } else if n < 1 << 24 {
            dst[0] = 62 << 2
            dst[1] = UInt8(truncatingIfNeeded: n)
            dst[2] = UInt8(truncatingIfNeeded: n >> 8)
            dst[3] = UInt8(truncatingIfNeeded: n >> 16)
            i = 4
        } else {
            dst[0] = 63 << 2
            dst[1] = UInt8(truncatingIfNeeded: n)
            dst[2] = UInt8(truncatingIfNeeded: n >> 8)
            dst[3] = UInt8(truncatingIfNeeded: n >> 16)
            dst[4] = UInt8(truncatingIfNeeded: n >> 24)
            i = 5
        }
        (dst + i).update(from: src, count: count)
        return i + count
    }

    /// Writes copies for a match of `length` bytes `offset` bytes back
    /// (offset < 65536, length >= 4) and returns the bytes written.
    @inline(__always)
    private static func emitCopy(_ dst: UnsafeMutablePointer<UInt8>, offset: Int, length: Int) -> Int {
        var i = 0
        var length = length
        let lo = UInt8(truncatingIfNeeded: offset)
        let hi = UInt8(truncatingIfNeeded: offset >> 8)
        while length >= 68 {
            dst[i] = 63 << 2 | 2
            dst[i + 1] = lo
            dst[i + 2] = hi
            i += 3
            length -= 64
        }
        if length > 64 {
            // Leave at least four bytes so that the last copy can use a one-byte offset.
            dst[i] = 59 << 2 | 2
            dst[i + 1] = lo
            dst[i + 2] = hi
            i += 3
            length -= 60
        }
        if length >= 12 || offset >= 2048 {
            dst[i] = UInt8(length - 1) << 2 | 2
            dst[i + 1] = lo
            dst[i + 2] = hi
            return i + 3
        }
        dst[i] = hi << 5 | UInt8(length - 4) << 2 | 1
        dst[i + 1] = lo
        return i + 2
    }

    /// Compresses one block of `count` bytes (minNonLiteralBlockSize ... blockSize)
    /// without a length header and returns the bytes written.
    private static func encodeBlock(
        _ dst: UnsafeMutablePointer<UInt8>,
        _ src: UnsafePointer<UInt8>,
        _ count: Int,
        _ table: UnsafeMutablePointer<UInt16>
    ) -> Int {
        var shift: UInt32 = 32 - 8
        var tableSize = 1 << 8
        while tableSize < maxTableSize && tableSize < count {
            tableSize <<= 1
            shift -= 1
        }
        table.update(repeating: 0, count: tableSize)

        var d = 0
        let sLimit = count - inputMargin
        var nextEmit = 0
        var s = 1
        var nextHash = hash(load32(src, s), shift)

        search: while true {
            // Look for a four-byte match, probing further apart the longer nothing matches.
            var skip = 32
            var nextS = s
            var candidate = 0
            while true {
                s = nextS
                let stride = skip >> 5
                nextS = s + stride
                skip += stride
                if nextS > sLimit { break search }
                candidate = Int(table[nextHash])
                table[nextHash] = UInt16(truncatingIfNeeded: s)
                nextHash = hash(load32(src, nextS), shift)
                if load32(src, s) == load32(src, candidate) { break }
            }

            d += emitLiteral(dst + d, src + nextEmit, s - nextEmit)

            // Emit copies for as long as the byte after a match starts another one.
            while true {
                let base = s
                s += 4
                var i = candidate + 4
                while s + 8 <= count {
                    let diff = load64(src, s) ^ load64(src, i)
                    if diff != 0 {
                        s += diff.trailingZeroBitCount >> 3
                        i = -1
                        break
                    }
                    s += 8
                    i += 8
                }
                if i >= 0 {
                    while s < count && src[i] == src[s] {
                        s += 1
                        i += 1
                    }
                }
                d += emitCopy(dst + d, offset: base - candidate, length: s - base)
                nextEmit = s
                if s >= sLimit { break search }

                let x = load64(src, s - 1)
                table[hash(UInt32(truncatingIfNeeded: x), shift)] = UInt16(truncatingIfNeeded: s - 1)
                let current = UInt32(truncatingIfNeeded: x >> 8)
                let currentHash = hash(current, shift)
                candidate = Int(table[currentHash])
                table[currentHash] = UInt16(truncatingIfNeeded: s)
                if current != load32(src, candidate) {
                    nextHash = hash(UInt32(truncatingIfNeeded: x >> 16), shift)
                    s += 1
                    break
                }
            }
        }

        if nextEmit < count {
            d += emitLiteral(dst + d, src + nextEmit, count - nextEmit)
        }
        return d
    }
}
