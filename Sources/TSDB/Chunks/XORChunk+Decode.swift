import Storage

extension XORChunk {
    /// Decodes the first `limit` samples and writes those with timestamps in
    /// `mint...maxt` to `output`, stopping at the first sample after `maxt`;
    /// returns how many it wrote. `output` must have room for
    /// `min(limit, numSamples)` samples.
    func decode(limit: Int, mint: Int64, maxt: Int64, into output: UnsafeMutablePointer<Sample>) -> Int {
        bytes.withUnsafeBytes { Self.decode($0, limit: limit, mint: mint, maxt: maxt, into: output) }
    }

    /// ``decode(limit:mint:maxt:into:)`` of the chunk in `bytes`, such as a
    /// slice of a memory-mapped file, without copying it. Of a damaged chunk
    /// it writes the samples before the damage, as iteration yields them;
    /// of one whose header does not fit its length, none.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, limit: Int, mint: Int64, maxt: Int64,
        into output: UnsafeMutablePointer<Sample>
    ) -> Int {
        if let written = XORDecoder.decode(bytes, limit: limit, mint: mint, maxt: maxt, into: output) {
            return written
        }
        guard let chunk = try? XORChunk(copying: bytes) else { return 0 }
        var written = 0
        chunk.forEachSample(limit: limit, mint: mint, maxt: maxt) { sample in
            output[written] = sample
            written += 1
        }
        return written
    }

    /// Calls `body` with each of the first `limit` samples that lie in
    /// `mint...maxt`, oldest first, through ``XORIterator``: stops at the
    /// first sample after `maxt` and at damage, keeping what came before.
    func forEachSample(limit: Int, mint: Int64, maxt: Int64, _ body: (Sample) -> Void) {
        var iterator = makeIterator()
        var read = 0
        while read < limit, let sample = iterator.next() {
            read += 1
            if sample.timestamp > maxt { break }
            if sample.timestamp >= mint { body(sample) }
        }
    }

    /// The sample count the 2-byte header of the chunk in `bytes` declares
    /// (`bytes` holds at least the header).
    static func declaredSamples(_ bytes: UnsafeRawBufferPointer) -> Int {
        Int(bytes[0]) << 8 | Int(bytes[1])
    }
}
