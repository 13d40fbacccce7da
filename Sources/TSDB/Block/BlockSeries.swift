import ArgusCore
import Storage

/// One series to write into a block: its labels and its samples as XOR
/// chunks, oldest first.
public struct BlockSeries: Hashable, Sendable {
    /// How many samples ``init(labels:samples:)`` puts in a chunk, as the head does.
    public static let samplesPerChunk = 120

    public var labels: Labels
    public var chunks: [XORChunk]

    /// A series from pre-encoded chunks (each of at most 65535 samples, in
    /// time order, not overlapping).
    public init(labels: Labels, chunks: [XORChunk]) {
        self.labels = labels
        self.chunks = chunks
    }

    /// A series from samples in increasing timestamp order, cut into chunks
    /// of `samplesPerChunk` samples (at most 65535, the chunk header's limit).
    public init(
        labels: Labels, samples: [Sample], samplesPerChunk: Int = Self.samplesPerChunk
    ) throws(BlockError) {
        let samplesPerChunk = Swift.min(Swift.max(samplesPerChunk, 1), XORChunk.maxSamples)
        self.labels = labels
        var chunks: [XORChunk] = []
        var appender = XORAppender()
        var previous: Int64?
        for sample in samples {
            if let previous, sample.timestamp <= previous {
                throw BlockError(
                    .invalidArgument,
                    "samples of series \(labels) are not in increasing timestamp order: \(sample.timestamp) "
                        + "after \(previous)")
            }
            previous = sample.timestamp
            if appender.numSamples == samplesPerChunk {
                chunks.append(appender.chunk)
                appender = XORAppender()
            }
            do {
                try appender.append(timestamp: sample.timestamp, value: sample.value)
            } catch {
                throw BlockError(.invalidArgument, error.message)
            }
        }
        if appender.numSamples > 0 { chunks.append(appender.chunk) }
        self.chunks = chunks
    }
}
