import Foundation
import Storage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A full chunk found in the files of a ``HeadChunkStore`` when it was opened.
struct StoredHeadChunk: Sendable {
    var seriesRef: UInt64
    var location: HeadChunkLocation
    var minTime: Int64
    var maxTime: Int64
    var numSamples: Int
}

extension HeadChunkStore {
    /// What opening the files found.
    struct Opened {
        var store: HeadChunkStore
        /// The readable XOR chunks, in the order they were written.
        var chunks: [StoredHeadChunk]
        /// Chunks of other encodings (written by Prometheus), not used.
        var skippedChunks: Int
        /// The damage found and cut off, if any.
        var corruption: String?
    }

    /// Opens (or creates) the store in `directory` and reads every chunk
    /// record, checking its checksum. At the first damaged or torn record
    /// the file is cut there and later files are deleted: their chunks'
    /// samples are still in the write-ahead log. New chunks go to a new file.
    static func open(directory: String, maxFileSize: Int = defaultMaxFileSize) throws(StorageError) -> Opened {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError(.io, "creating \(directory): \(error.localizedDescription)")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let sequences = names.compactMap { name in name.allSatisfy(\.isASCIIDigit) ? Int(name) : nil }.sorted()
        var files: [Int: HeadChunkFile] = [:]
        var chunks: [StoredHeadChunk] = []
        var skipped = 0
        var corruption: String?
        for sequence in sequences {
            let path = Self.path(directory, sequence: sequence)
            if corruption != nil {
                _ = unlink(path)
                continue
            }
            let mapping: MappedFile
            do {
                mapping = try MappedFile(path: path)
            } catch {
                throw StorageError(.io, error.message)
            }
            let file = HeadChunkFile(sequence: sequence, mapping: mapping)
            var scan = Scan(file: file)
            scan.run(into: &chunks, skipped: &skipped)
            mapping.releasePages()
            guard let damage = scan.damage else {
                files[sequence] = file
                continue
            }
            corruption = "head chunk file \(path): \(damage) at byte offset \(scan.offset); cut there"
            if scan.offset < fileHeaderSize {
                _ = unlink(path)
            } else {
                guard truncate(path, off_t(scan.offset)) == 0 else {
                    throw StorageError(.io, BlockIO.error("truncate", path).message)
                }
                do {
                    files[sequence] = HeadChunkFile(sequence: sequence, mapping: try MappedFile(path: path))
                } catch {
                    throw StorageError(.io, error.message)
                }
                // Chunks found before the damage were read from the old mapping; point them at the new one.
                let remapped = files[sequence]!
                for index in chunks.indices.reversed() where chunks[index].location.file === file {
                    chunks[index].location.file = remapped
                }
            }
        }
        let store = HeadChunkStore(directory: directory, maxFileSize: maxFileSize, files: files)
        return Opened(store: store, chunks: chunks, skippedChunks: skipped, corruption: corruption)
    }

    /// Reads the records of one file up to its end or its first damage.
    private struct Scan {
        let file: HeadChunkFile
        var offset = 0
        var damage: String?

        init(file: HeadChunkFile) { self.file = file }

        mutating func run(into chunks: inout [StoredHeadChunk], skipped: inout Int) {
            let bytes = file.mapping.bytes
            guard bytes.count >= HeadChunkStore.fileHeaderSize else {
                damage = "file shorter than its 8-byte header"
                return
            }
            var header = BlockDecoder(bytes, start: 0, end: HeadChunkStore.fileHeaderSize)
            guard header.be32() == HeadChunkStore.magic else {
                damage = "not a head chunk file (wrong magic number)"
                return
            }
            guard header.byte() == HeadChunkStore.version else {
                damage = "unsupported head chunk file version"
                return
            }
            offset = HeadChunkStore.fileHeaderSize
            while offset < bytes.count {
                if bytes[offset...].allSatisfy({ $0 == 0 }) { return }
                var decoder = BlockDecoder(bytes, start: offset, end: bytes.count)
                let seriesRef = decoder.be64()
                let mint = Int64(bitPattern: decoder.be64())
                let maxt = Int64(bitPattern: decoder.be64())
                let encoding = decoder.byte()
                let length = decoder.uvarint()
                guard !decoder.failed, length <= UInt64(decoder.remaining),
                    decoder.remaining - Int(length) >= HeadChunkStore.checksumSize
                else {
                    damage = "torn chunk record"
                    return
                }
                let dataStart = decoder.position
                let dataEnd = dataStart + Int(length)
                let stored = BlockDecoder.be32(bytes, at: dataEnd)
                let computed = BlockChecksum.crc32c(UnsafeRawBufferPointer(rebasing: bytes[offset..<dataEnd]))
                guard stored == computed else {
                    damage = "chunk record checksum mismatch"
                    return
                }
                if encoding == ChunkEncoding.xor.rawValue {
                    guard length >= UInt64(XORChunk.headerSize) else {
                        damage = "chunk shorter than its sample count"
                        return
                    }
                    let count = Int(bytes[dataStart]) << 8 | Int(bytes[dataStart + 1])
                    chunks.append(
                        StoredHeadChunk(
                            seriesRef: seriesRef, location: HeadChunkLocation(file: file, offset: UInt32(offset)),
                            minTime: mint, maxTime: maxt, numSamples: count))
                } else {
                    skipped += 1
                }
                offset = dataEnd + HeadChunkStore.checksumSize
            }
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
