#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sysfs attribute files read as node-exporter and procfs read them: one
/// `read(2)` of at most 128 bytes, so a broken driver answering `EAGAIN`
/// fails the read instead of stalling the scrape.
enum SysfsAttribute {
    /// The most one read returns.
    static let limit = 128

    /// A failed `open(2)` or `read(2)`, with its error number.
    struct ReadError: Error, Equatable {
        var path: String
        var code: Int32
        /// Whether `open(2)` failed; Go wraps those errors in a `PathError`,
        /// while a failed `read(2)` is a bare errno.
        var duringOpen: Bool

        var collectorError: NodeCollectorError { .unreadable(path: path, reason: HostFiles.errorText(code)) }
    }

    /// The bytes of a single read of `path`.
    static func readBytes(_ path: String) throws(ReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(path: path, code: errno, duringOpen: true) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: limit)
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        guard count >= 0 else { throw ReadError(path: path, code: errno, duringOpen: false) }
        return Array(buffer[0..<count])
    }

    /// procfs' `SysReadFile`: one read without surrounding white space.
    static func readTrimmed(_ path: String) throws(ReadError) -> ArraySlice<UInt8> {
        GoText.trimSpace(try readBytes(path))
    }

    /// ``readTrimmed(_:)`` as text.
    static func readText(_ path: String) throws(ReadError) -> String {
        String(decoding: try readTrimmed(path), as: UTF8.self)
    }

    /// ``readText(_:)`` for callers that need no error number.
    static func readValue(_ path: String) throws(NodeCollectorError) -> String {
        do {
            return try readText(path)
        } catch {
            throw error.collectorError
        }
    }
}
