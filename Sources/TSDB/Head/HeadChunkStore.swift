import Storage
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Full head chunks on disk, in `chunks_head/`, read back through memory
/// maps: what keeps a large head's resident memory to its open chunks, as
/// Prometheus' `ChunkDiskMapper` does.
///
/// The files have Prometheus' head-chunk format
/// (`tsdb/docs/format/head_chunks.md`): numbered files of at most
/// ``maxFileSize`` bytes, each an 8-byte header (magic `0x0130BC91`,
/// version 1, three bytes of padding) followed by chunk records:
///
/// ```
/// series ref <8> │ mint <8> │ maxt <8> │ encoding <1> │ len <uvarint> │ data <len> │ CRC32C <4>
/// ```
///
/// big-endian, the checksum over everything before it in the record.
///
/// The files are not a source of truth: every sample in them is also in the
/// write-ahead log until a checkpoint drops it, so they are not synced, and
/// a damaged file is cut at the damage (see ``open(directory:maxFileSize:)``).
final class HeadChunkStore: Sendable {
    static let magic: UInt32 = 0x0130_BC91
    static let version: UInt8 = 1
    static let fileHeaderSize = 8
    /// series ref, mint, maxt and encoding: the fixed part of a record.
    static let recordFixedSize = 25
    static let checksumSize = 4
    /// Prometheus' limit, which keeps offsets within 32 bits.
    static let defaultMaxFileSize = 128 << 20

    let directory: String
    let maxFileSize: Int
    private let state: Mutex<State>
    /// Chunks that could not be written and stayed in memory.
    let writeFailures = Atomic<Int>(0)

    private struct State: ~Copyable {
        /// Every file still on disk, by sequence number.
        var files: [Int: HeadChunkFile] = [:]
        /// The file being appended to: created on the first write after opening.
        var current: HeadChunkFile?
        var descriptor: Int32 = -1
        var size = 0
        var lastSequence = 0
        var record = Encbuf()

        deinit { if descriptor >= 0 { _ = close(descriptor) } }
    }

    init(directory: String, maxFileSize: Int = HeadChunkStore.defaultMaxFileSize, files: [Int: HeadChunkFile] = [:]) {
        self.directory = directory
        self.maxFileSize = maxFileSize
        var state = State()
        state.files = files
        state.lastSequence = files.keys.max() ?? 0
        self.state = Mutex(state)
    }

    static func path(_ directory: String, sequence: Int) -> String {
        let digits = String(sequence)
        return directory + "/" + String(repeating: "0", count: Swift.max(0, 6 - digits.count)) + digits
    }

    /// Writes a full chunk of series `seriesRef` and returns where it lies.
    func write(seriesRef: UInt64, mint: Int64, maxt: Int64, chunk: XORChunk) throws(StorageError) -> HeadChunkLocation {
        do {
            return try state.withLock { state throws(StorageError) in
                state.record.bytes.removeAll(keepingCapacity: true)
                state.record.putBE64(seriesRef)
                state.record.putBE64(UInt64(bitPattern: mint))
                state.record.putBE64(UInt64(bitPattern: maxt))
                state.record.putByte(ChunkEncoding.xor.rawValue)
                state.record.putUvarint(UInt64(chunk.bytes.count))
                state.record.bytes.append(contentsOf: chunk.bytes)
                state.record.putChecksum(from: 0)
                if state.current == nil || state.size + state.record.count > maxFileSize {
                    try cut(&state)
                }
                guard let file = state.current else { throw StorageError(.io, "no head chunk file is open") }
                try writeFully(state.descriptor, state.record.bytes, at: state.size, path: file.mapping.path)
                let offset = state.size
                state.size += state.record.count
                return HeadChunkLocation(file: file, offset: UInt32(offset))
            }
        } catch {
            writeFailures.add(1, ordering: .relaxed)
            throw error
        }
    }

    /// Starts the next file: writes its header and maps it at its final size.
    private func cut(_ state: inout State) throws(StorageError) {
        if state.descriptor >= 0 {
            _ = close(state.descriptor)
            state.descriptor = -1
        }
        state.current = nil
        let sequence = state.lastSequence + 1
        let path = Self.path(directory, sequence: sequence)
        let descriptor = BlockIO.retrying { createFile(path) }
        guard descriptor >= 0 else { throw StorageError(.io, BlockIO.error("create", path).message) }
        var header = Encbuf()
        header.putBE32(Self.magic)
        header.putByte(Self.version)
        header.bytes.append(contentsOf: [0, 0, 0])
        do {
            try writeFully(descriptor, header.bytes, at: 0, path: path)
            let mapping = try MappedFile(path: path, size: maxFileSize)
            let file = HeadChunkFile(sequence: sequence, mapping: mapping)
            state.descriptor = descriptor
            state.current = file
            state.files[sequence] = file
            state.size = Self.fileHeaderSize
            state.lastSequence = sequence
        } catch let error as StorageError {
            _ = close(descriptor)
            throw error
        } catch {
            _ = close(descriptor)
            throw StorageError(.io, "mapping \(path): \(error)")
        }
    }

    private func writeFully(_ descriptor: Int32, _ bytes: [UInt8], at offset: Int, path: String) throws(StorageError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                pwrite(descriptor, buffer.baseAddress! + written, buffer.count - written, off_t(offset + written))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw StorageError(.io, BlockIO.error("write", path).message)
            }
            written += result
        }
    }

    /// Deletes the files numbered below `sequence` (never the one being
    /// written): the head no longer refers to any chunk in them. Returns how
    /// many were deleted.
    @discardableResult
    func removeFiles(before sequence: Int) -> Int {
        let doomed = state.withLock { state -> [HeadChunkFile] in
            let doomed = state.files.values.filter { $0.sequence < sequence && $0 !== state.current }
            for file in doomed { state.files[file.sequence] = nil }
            return doomed
        }
        // Queriers still reading a deleted file keep its mapping alive.
        for file in doomed { _ = unlink(file.mapping.path) }
        return doomed.count
    }

    /// The sequence number of the file being written, or the next one.
    var currentSequence: Int { state.withLock { $0.current?.sequence ?? $0.lastSequence + 1 } }

    /// The bytes of every file on disk.
    var diskSize: Int {
        state.withLock { state in
            state.files.values.reduce(0) { total, file in
                total + (file === state.current ? state.size : file.mapping.count)
            }
        }
    }
}

/// One file of ``HeadChunkStore``: its mapping, kept alive by every chunk that lies in it.
final class HeadChunkFile: Sendable {
    let sequence: Int
    let mapping: MappedFile

    init(sequence: Int, mapping: MappedFile) {
        self.sequence = sequence
        self.mapping = mapping
    }

    /// The chunk of the record at `offset`; nil when the bytes there are not
    /// a chunk (damage after the file was checked).
    func chunk(at offset: Int) -> XORChunk? {
        withChunkBytes(at: offset) { try? XORChunk(copying: $0) } ?? nil
    }

    /// Calls `body` with the chunk bytes of the record at `offset`, read in
    /// place from the mapping; nil when the bytes there are not a chunk.
    func withChunkBytes<Result>(at offset: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        let bytes = mapping.bytes
        let lengthAt = offset + HeadChunkStore.recordFixedSize
        guard offset >= 0, lengthAt < bytes.count,
            let (length, dataStart) = Uvarint.decode(bytes, at: lengthAt, end: Swift.min(bytes.count, lengthAt + 10)),
            length <= UInt64(bytes.count - dataStart)
        else { return nil }
        return body(UnsafeRawBufferPointer(rebasing: bytes[dataStart..<dataStart + Int(length)]))
    }
}

/// Where a full head chunk lies on disk.
struct HeadChunkLocation: Sendable {
    var file: HeadChunkFile
    var offset: UInt32
}

/// `open(2)` for a new head chunk file; outside the store, whose static
/// `open` would shadow it.
private func createFile(_ path: String) -> Int32 {
    open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
}
