import ArgusCore
import Storage
import Synchronization

extension Head {
    /// The head's time range as Prometheus keeps it: the oldest and newest
    /// committed sample, the oldest raised to the time the head was last
    /// truncated before (samples of chunks that straddle that time stay in
    /// the head but belong to a block already); nil when the head holds
    /// nothing. Deleted intervals are not taken into account.
    var timeRange: (mint: Int64, maxt: Int64)? {
        let mint = counters.minTime.load(ordering: .relaxed)
        let maxt = counters.maxTime.load(ordering: .relaxed)
        return mint <= maxt ? (mint, maxt) : nil
    }

    /// The head's series with their visible samples in `mint..<maxt`, sorted
    /// by labels, as a block is written from them. The sequence is lazy: each
    /// series' chunks are made when it is reached, full chunks that lie
    /// wholly in the range are passed on as they are, and only the samples
    /// of chunks crossing its edges (or with deleted intervals) are
    /// re-encoded.
    func blockSeries(mint: Int64, maxt: Int64) -> HeadBlockSeries {
        let ordered = select([]).compactMap { series($0) }.sorted { $0.labels < $1.labels }
        return HeadBlockSeries(series: ordered, tombstones: tombstones.withLock { $0 }, mint: mint, maxt: maxt)
    }
}

/// The lazy sequence of ``Head/blockSeries(mint:maxt:)``.
struct HeadBlockSeries: Sequence {
    let series: [MemSeries]
    let tombstones: Tombstones
    let mint: Int64
    let maxt: Int64

    func makeIterator() -> AnyIterator<BlockSeries> {
        var index = 0
        return AnyIterator {
            while index < series.count {
                let memSeries = series[index]
                index += 1
                let snapshot = memSeries.state.withLock { $0.snapshot() }
                let chunks = snapshot.blockChunks(
                    mint: mint, maxt: maxt, deleted: tombstones[memSeries.ref], labels: memSeries.labels)
                if !chunks.isEmpty { return BlockSeries(labels: memSeries.labels, chunks: chunks) }
            }
            return nil
        }
    }
}

extension SeriesSnapshot {
    /// The visible samples in `mint..<maxt` less the `deleted` intervals, as
    /// block chunks: full chunks inside the range unchanged, the rest
    /// re-encoded in chunks of ``BlockSeries/samplesPerChunk``.
    func blockChunks(mint: Int64, maxt: Int64, deleted: [TombstoneInterval], labels: Labels) -> [XORChunk] {
        var chunks: [XORChunk] = []
        var loose: [Sample] = []
        func flush() {
            guard !loose.isEmpty else { return }
            // The samples come from the head in increasing time order, so encoding cannot fail.
            if let encoded = try? BlockSeries(labels: labels, samples: loose) { chunks += encoded.chunks }
            loose.removeAll(keepingCapacity: true)
        }
        func take(_ chunk: XORChunk, limit: Int) {
            let start = loose.count
            chunk.forEachSample(limit: limit, mint: mint, maxt: maxt - 1) { loose.append($0) }
            if !deleted.isEmpty {
                loose[start...].removeAll { sample in deleted.contains { $0.contains(sample.timestamp) } }
            }
        }
        var remaining = visibleSamples
        for sealedChunk in sealed where remaining > 0 {
            let count = sealedChunk.numSamples
            defer { remaining -= count }
            guard sealedChunk.maxTime >= mint, sealedChunk.minTime < maxt, let chunk = sealedChunk.chunk else {
                continue
            }
            let whole =
                count <= remaining && sealedChunk.minTime >= mint && sealedChunk.maxTime < maxt
                && !deleted.contains { $0.mint <= sealedChunk.maxTime && $0.maxt >= sealedChunk.minTime }
            if whole {
                flush()
                chunks.append(chunk)
            } else {
                take(chunk, limit: Swift.min(count, remaining))
            }
        }
        if remaining > 0 { take(open, limit: remaining) }
        flush()
        return chunks
    }
}
