/// When the head starts a new chunk for a series.
///
/// As in Prometheus, a chunk never spans two chunk ranges (the range of the
/// blocks cut from the head, aligned to multiples of it), so a block takes
/// the head's chunks whole; within a range a chunk is cut after
/// ``samplesPerChunk`` samples. Where Prometheus predicts an end time that
/// splits the range evenly, this keeps a full chunk open when fewer than a
/// quarter chunk's worth of samples (at the chunk's own rate) remain before
/// the range ends, so a scrape that lands one sample more in a range than
/// usual does not leave a one-sample chunk. Chunks hold at most twice
/// ``samplesPerChunk`` samples, Prometheus' bound.
struct ChunkCutPolicy: Sendable {
    var samplesPerChunk: Int
    /// Milliseconds; chunks do not cross multiples of it.
    var chunkRange: Int64

    /// The end of the chunk range holding `timestamp`.
    func rangeEnd(_ timestamp: Int64) -> Int64 {
        BlockRanges.alignedEnd(timestamp, range: chunkRange)
    }

    /// Whether a sample at `next` starts a new chunk after a chunk of
    /// `count` samples from `first` to `last`.
    func cuts(count: Int, first: Int64, last: Int64, next: Int64) -> Bool {
        guard count > 0 else { return false }
        let end = rangeEnd(first)
        if next >= end { return true }
        if count < samplesPerChunk { return false }
        if count >= 2 * samplesPerChunk || count < 2 || last <= first { return true }
        // Samples left in the range at the chunk's rate, the next one included.
        let interval = Double(last - first) / Double(count - 1)
        let left = Double(end - next) / interval
        return left >= Double(samplesPerChunk) / 4
    }
}
