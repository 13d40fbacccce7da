#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file descriptor with the few system calls the WAL needs, each turning
/// `errno` into a ``WALError`` that names the file. The owner closes it.
struct WALFile {
    let descriptor: Int32
    let path: String

    /// Opens `path` for appending, creating it when `create` is true.
    static func openForAppend(_ path: String, create: Bool) throws(WALError) -> WALFile {
        var flags = O_WRONLY | O_APPEND | O_CLOEXEC
        if create { flags |= O_CREAT }
        return try open(path, flags: flags, action: "open for writing")
    }

    /// Opens `path` read-only.
    static func openForReading(_ path: String) throws(WALError) -> WALFile {
        try open(path, flags: O_RDONLY | O_CLOEXEC, action: "open")
    }

    /// Opens `path` for reading and writing (repair).
    static func openForUpdate(_ path: String) throws(WALError) -> WALFile {
        try open(path, flags: O_RDWR | O_CLOEXEC, action: "open for repair")
    }

    private static func open(_ path: String, flags: Int32, action: String) throws(WALError) -> WALFile {
        let descriptor = retryingInterrupts { systemOpen(path, flags, 0o666) }
        guard descriptor >= 0 else { throw Self.error(action, path) }
        return WALFile(descriptor: descriptor, path: path)
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(WALError) {
        var failure: WALError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = Self.error("write", path)
                    return
                }
                offset += written
            }
        }
        if let failure { throw failure }
    }

    /// Reads up to `count` bytes at `offset` into `buffer`, returning how many
    /// were read (fewer only at the end of the file).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(WALError) -> Int {
        var total = 0
        while total < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + total, buffer.count - total, off_t(offset + total))
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.error("read", path)
            }
            if count == 0 { break }
            total += count
        }
        return total
    }

    /// The file's size in bytes.
    func size() throws(WALError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.error("stat", path) }
        return Int(info.st_size)
    }

    /// Flushes the file's data to stable storage.
    func sync() throws(WALError) {
        guard Self.retryingInterrupts({ fsync(descriptor) }) == 0 else { throw Self.error("fsync", path) }
    }

    /// Cuts the file to `size` bytes.
    func truncate(to size: Int) throws(WALError) {
        guard Self.retryingInterrupts({ ftruncate(descriptor, off_t(size)) }) == 0 else {
            throw Self.error("truncate", path)
        }
    }

    func close() {
        _ = systemClose(descriptor)
    }

    /// Flushes a directory's entries (new, renamed or removed files) to stable storage.
    static func syncDirectory(_ path: String) throws(WALError) {
        let descriptor = retryingInterrupts { systemOpen(path, O_RDONLY | O_CLOEXEC, 0) }
        guard descriptor >= 0 else { throw error("open directory", path) }
        defer { _ = systemClose(descriptor) }
        guard retryingInterrupts({ fsync(descriptor) }) == 0 else { throw error("fsync directory", path) }
    }

    static func error(_ action: String, _ path: String) -> WALError {
        let code = errno
        let reason = String(cString: strerror(code))
        return WALError(.io, "cannot \(action) \(path): \(reason) (errno \(code))", path: path)
    }

    private static func retryingInterrupts(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }
}

// The C functions under names that do not clash with the methods above.
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
