import ArgusCore
import Exposition
import Storage
import TSDB

extension RemoteReadHandler {
    /// The samples of one chunk of a streamed answer, as the head cuts them.
    static let samplesPerStreamedChunk = 120

    /// The `STREAMED_XOR_CHUNKS` body for the series each query selected:
    /// frames of `uvarint(length) · CRC-32C(message), big-endian · message`,
    /// each message a `ChunkedReadResponse` with one series (or part of one)
    /// and its query's index. As upstream, a series' chunks go into one frame
    /// until the frame's chunks and labels reach ``maxBytesInFrame``, so a
    /// frame exceeds it by at most one chunk; the series then continues in
    /// the next frame.
    func streamedFrames(_ results: [[StoredSeries]]) throws -> [UInt8] {
        var body: [UInt8] = []
        for (index, selected) in results.enumerated() {
            for series in selected {
                let labels = series.labels.map { Prompb.Label(name: $0.name, value: $0.value) }
                let dataLimit = labels.reduce(maxBytesInFrame) { $0 - Self.fieldSize($1.serializedBytes().count) }
                var left = dataLimit
                var chunks: [Prompb.Chunk] = []
                let encoded = try Self.chunks(series)
                for (i, chunk) in encoded.enumerated() {
                    chunks.append(chunk)
                    left -= Self.fieldSize(chunk.serializedBytes().count)
                    if left > 0 && i + 1 < encoded.count { continue }
                    let frame = Prompb.ChunkedReadResponse(
                        chunkedSeries: [Prompb.ChunkedSeries(labels: labels, chunks: chunks)], queryIndex: Int64(index))
                    Self.appendFrame(frame.serializedBytes(), to: &body)
                    chunks.removeAll(keepingCapacity: true)
                    left = dataLimit
                }
            }
        }
        return body
    }

    /// `series`' samples as XOR chunks of at most ``samplesPerStreamedChunk``
    /// samples, cut as a block's series are.
    static func chunks(_ series: StoredSeries) throws(BlockError) -> [Prompb.Chunk] {
        let encoded = try BlockSeries(
            labels: series.labels, samples: series.samples, samplesPerChunk: samplesPerStreamedChunk
        ).chunks
        return encoded.enumerated().map { i, chunk in
            let first = i * samplesPerStreamedChunk
            let last = min(first + samplesPerStreamedChunk, series.samples.count) - 1
            return Prompb.Chunk(
                minTimeMs: series.samples[first].timestamp, maxTimeMs: series.samples[last].timestamp, type: .xor,
                data: chunk.bytes)
        }
    }

    /// One frame: the message's length as a uvarint, its CRC-32C (Castagnoli)
    /// big-endian, then the message.
    static func appendFrame(_ message: [UInt8], to body: inout [UInt8]) {
        var length = ProtobufWriter(capacity: 10)
        length.writeVarint(UInt64(message.count))
        body.append(contentsOf: length.bytes)
        let crc = message.withUnsafeBytes { CRC32C.checksum($0) }
        body.append(contentsOf: [
            UInt8(crc >> 24), UInt8(truncatingIfNeeded: crc >> 16), UInt8(truncatingIfNeeded: crc >> 8),
            UInt8(truncatingIfNeeded: crc),
        ])
        body.append(contentsOf: message)
    }

    /// The bytes a length-delimited field of `length` bytes takes in its
    /// message (tag, length, contents): what gogo's `Size()` counts.
    static func fieldSize(_ length: Int) -> Int {
        var varint = 1
        var rest = length >> 7
        while rest > 0 {
            varint += 1
            rest >>= 7
        }
        return 1 + varint + length
    }
}
