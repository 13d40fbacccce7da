#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file mapped read-only into memory for as long as this object lives.
///
/// The mapping is never written, so the object can be shared between tasks.
/// ``bytes`` is valid only while the object is alive: readers keep a strong
/// reference to it and copy out whatever they return.
final class MappedFile: @unchecked Sendable {
    let path: String
    /// The whole file. Empty (with a nil base address) for an empty file.
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path` whole, or `size` bytes of it when given: a
    /// file still being appended to is mapped at its final size up front, and
    /// only the part already written may be read.
    init(path: String, size mappedSize: Int? = nil) throws(BlockError) {
        let descriptor = BlockIO.retrying { open(path, O_RDONLY | O_CLOEXEC, 0) }
        guard descriptor >= 0 else { throw BlockIO.error("open", path) }
        defer { _ = close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw BlockIO.error("stat", path) }
        let size = mappedSize ?? Int(info.st_size)
        self.path = path
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0), address != MAP_FAILED else {
            throw BlockIO.error("mmap", path)
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress {
            _ = munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }

    var count: Int { bytes.count }

    /// Lets the kernel drop the pages read so far from this process: they
    /// are re-read from the page cache (or the file) when next touched, so a
    /// file scanned once does not stay in the resident set.
    func releasePages() {
        guard let base = bytes.baseAddress else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), bytes.count, MADV_DONTNEED)
    }
}
