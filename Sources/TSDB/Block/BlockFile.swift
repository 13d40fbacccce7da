#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file being written into a block directory, with a write buffer. Every
/// failing system call becomes a ``BlockError`` naming the file. The owner
/// calls ``finish()`` (flush, fsync, close) or ``abandon()``.
struct BlockFileWriter {
    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let bufferSize: Int
    /// Bytes written so far, buffered or not: the offset of the next byte.
    private(set) var position = 0

    /// Creates `path`, which must not exist yet.
    init(creating path: String, bufferSize: Int = 1 << 20) throws(BlockError) {
        let descriptor = BlockIO.retrying { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666) }
        guard descriptor >= 0 else { throw BlockIO.error("create", path) }
        self.path = path
        self.descriptor = descriptor
        self.bufferSize = bufferSize
        buffer.reserveCapacity(bufferSize)
    }

    /// Appends `bytes`.
    mutating func write(_ bytes: some Collection<UInt8>) throws(BlockError) {
        if buffer.count + bytes.count > bufferSize { try flush() }
        if bytes.count >= bufferSize {
            try BlockIO.writeAll(descriptor, Array(bytes), path)
        } else {
            buffer.append(contentsOf: bytes)
        }
        position += bytes.count
    }

    /// Writes the buffered bytes to the file.
    mutating func flush() throws(BlockError) {
        guard !buffer.isEmpty else { return }
        try BlockIO.writeAll(descriptor, buffer, path)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, fsyncs and closes the file.
    mutating func finish() throws(BlockError) {
        defer { _ = close(descriptor) }
        try flush()
        guard BlockIO.retrying({ fsync(descriptor) }) == 0 else { throw BlockIO.error("fsync", path) }
    }

    /// Closes the file without flushing (after an error).
    func abandon() {
        _ = close(descriptor)
    }
}

/// The directory and whole-file system calls of block writing.
enum BlockIO {
    /// Writes `bytes` to a new file at `path`, fsyncs and closes it.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(BlockError) {
        var file = try BlockFileWriter(creating: path, bufferSize: 1 << 16)
        do {
            try file.write(bytes)
            try file.finish()
        } catch {
            file.abandon()
            throw error
        }
    }

    static func makeDirectory(_ path: String) throws(BlockError) {
        guard mkdir(path, 0o777) == 0 else {
            if errno == EEXIST {
                throw BlockError(.alreadyExists, "cannot create directory \(path): it exists already", path: path)
            }
            throw error("create directory", path)
        }
    }

    static func rename(_ from: String, _ to: String) throws(BlockError) {
        guard systemRename(from, to) == 0 else { throw error("rename \(from) to", to) }
    }

    /// Makes `to` a hard link to the file `from`.
    static func link(_ from: String, _ to: String) throws(BlockError) {
        guard systemLink(from, to) == 0 else { throw error("link \(from) to", to) }
    }

    /// Flushes a directory's entries (created and renamed files) to stable storage.
    static func syncDirectory(_ path: String) throws(BlockError) {
        let descriptor = retrying { open(path, O_RDONLY | O_CLOEXEC | O_DIRECTORY, 0) }
        guard descriptor >= 0 else { throw error("open directory", path) }
        defer { _ = close(descriptor) }
        guard retrying({ fsync(descriptor) }) == 0 else { throw error("fsync directory", path) }
    }

    /// Whether anything exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Removes `path` and, if it is a directory, everything below it. Best effort.
    static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            for name in (try? listDirectory(path)) ?? [] { removeTree(path + "/" + name) }
            _ = rmdir(path)
        } else {
            _ = unlink(path)
        }
    }

    /// The names in directory `path`, without `.` and `..`, sorted bytewise.
    static func listDirectory(_ path: String) throws(BlockError) -> [String] {
        guard let directory = opendir(path) else { throw error("list directory", path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], _ path: String) throws(BlockError) {
        var failure: BlockError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = error("write", path)
                    return
                }
                offset += written
            }
        }
        if let failure { throw failure }
    }

    static func error(_ action: String, _ path: String) -> BlockError {
        let code = errno
        let reason = String(cString: strerror(code))
        return BlockError(.io, "cannot \(action) \(path): \(reason) (errno \(code))", path: path)
    }

    static func retrying(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }
}

// The C functions under names that do not clash with the methods above.
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
private func systemLink(_ from: String, _ to: String) -> Int32 { link(from, to) }
