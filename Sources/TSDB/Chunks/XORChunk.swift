import Storage

/// A chunk of float samples in Prometheus' XOR (Gorilla) encoding, byte for
/// byte as `tsdb/chunkenc/xor.go` writes it, so chunks move between Argus and
/// Prometheus blocks unchanged.
///
/// Layout (`tsdb/docs/format/chunks.md`):
///
/// ```
/// ┌──────────────────────┬───────────────┬───────────────┬──────────────────────┬──────────────────────┐
/// │ num_samples <uint16> │ ts_0 <varint> │ v_0 <float64> │ ts_1_delta <uvarint> │ v_1_xor <varbit_xor> │
/// └──────────────────────┴───────────────┴───────────────┴──────────────────────┴──────────────────────┘
/// ┌──────────────────────┬──────────────────────┬─────┬──────────────────┐
/// │ ts_2_dod <varbit_ts> │ v_2_xor <varbit_xor> │ ... │ padding <x bits> │
/// └──────────────────────┴──────────────────────┴─────┴──────────────────┘
/// ```
///
/// The count is big-endian; bits are packed most significant first and the
/// last byte is padded with zero bits. ``XORAppender`` describes the
/// variable-width fields.
///
/// A chunk is a value: appending goes through an ``XORAppender``, which owns
/// its own copy of the bytes, and iterating goes through an ``XORIterator``,
/// which keeps the bytes it started with.
public struct XORChunk: Hashable, Sendable, Sequence {
    /// The encoding byte Prometheus stores next to these bytes.
    public static let encoding = ChunkEncoding.xor
    /// The size of the sample-count header.
    public static let headerSize = 2
    /// The most samples one chunk can hold (the count is 16 bits).
    public static let maxSamples = Int(UInt16.max)

    /// The encoded chunk: the 2-byte big-endian sample count, then the bit stream.
    public private(set) var bytes: [UInt8]

    /// An empty chunk.
    public init() {
        // Room for a chunk of unchanging samples (2 bits each); others grow.
        var bytes: [UInt8] = [0, 0]
        bytes.reserveCapacity(48)
        self.bytes = bytes
    }

    /// A chunk over encoded bytes, such as those read from a block.
    ///
    /// Checks that the header is present and that the stream is long enough
    /// for the sample count it declares (every sample takes at least 2 bits,
    /// the first 9 bytes); the samples themselves are checked as they are read.
    public init(bytes: [UInt8]) throws(ChunkError) {
        try Self.validateHeader(bytes)
        self.bytes = bytes
    }

    /// A chunk over a copy of encoded bytes, such as a slice of a memory-mapped segment file.
    public init(copying buffer: UnsafeRawBufferPointer) throws(ChunkError) {
        try self.init(bytes: Array(buffer))
    }

    /// A chunk whose bytes the appender has written.
    init(trustedBytes: [UInt8]) {
        self.bytes = trustedBytes
    }

    /// The same chunk in storage of its exact size: an appender reserves
    /// room to grow, which a full chunk kept for hours no longer needs.
    public func compacted() -> XORChunk {
        let exact = [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            count = buffer.initialize(fromContentsOf: bytes)
        }
        return XORChunk(trustedBytes: exact)
    }

    /// The number of samples, from the header.
    public var numSamples: Int {
        Int(bytes[0]) << 8 | Int(bytes[1])
    }

    /// An iterator over the samples, oldest first.
    public func makeIterator() -> XORIterator {
        XORIterator(self)
    }

    /// All samples, or the first decoding error.
    public func samples() throws(ChunkError) -> [Sample] {
        var result: [Sample] = []
        result.reserveCapacity(numSamples)
        var iterator = makeIterator()
        while let sample = try iterator.nextSample() {
            result.append(sample)
        }
        return result
    }

    /// An appender that continues this chunk (`XORChunk.Appender()` upstream).
    public func appender() throws(ChunkError) -> XORAppender {
        try XORAppender(resuming: self)
    }

    /// The fewest bits that `count` samples can take after the header.
    private static func minimumStreamBits(_ count: Int) -> Int {
        switch count {
        case 0: 0
        // A varint timestamp (1 byte or more) and 64 value bits.
        case 1: 72
        // The second sample adds a uvarint (1 byte or more) and one value bit; each further one 2 bits.
        default: 81 + 2 * (count - 2)
        }
    }

    /// Checks that `bytes` hold a sample-count header and at least the
    /// smallest stream that many samples can take.
    static func validateHeader(_ bytes: some Collection<UInt8>) throws(ChunkError) {
        guard bytes.count >= headerSize else {
            throw ChunkError(
                .invalidHeader,
                "XOR chunk is \(bytes.count) bytes long, shorter than its 2-byte sample count header",
                offset: 0
            )
        }
        let count = bytes.prefix(headerSize).reduce(0) { $0 << 8 | Int($1) }
        let streamBits = (bytes.count - headerSize) * 8
        let needed = minimumStreamBits(count)
        guard streamBits >= needed else {
            throw ChunkError(
                .invalidHeader,
                "XOR chunk header declares \(count) samples, which need at least \((needed + 7) / 8) bytes "
                    + "after the header, but the chunk has \(bytes.count - headerSize)",
                offset: 0
            )
        }
    }
}
