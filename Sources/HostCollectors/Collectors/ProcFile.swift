#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A text file of `/proc` (or the udev database) split into lines as Go's
/// `bufio.Scanner` splits them, which is how node-exporter and procfs read
/// these files: `\n` ends a line, a `\r` before it is dropped, and a last
/// line without `\n` still counts.
struct ProcFile {
    /// Where the file was read from, for error messages.
    let path: String
    /// The lines, without their line ends.
    let lines: [Substring]

    /// Reads the whole file at `path`.
    init(_ path: String) throws(NodeCollectorError) {
        self.init(path: path, text: try HostFiles.readText(path))
    }

    /// The lines of `text`, as if read from `path`.
    init(path: String, text: String) {
        self.path = path
        self.lines = text.scannerLines()
    }

    /// Reads the file at `path`, or returns nil when it does not exist (a
    /// feature the kernel was built without, or IPv6 switched off).
    static func ifPresent(_ path: String) throws(NodeCollectorError) -> ProcFile? {
        do {
            return try ProcFile(path)
        } catch {
            if isMissing(error) { return nil }
            throw error
        }
    }

    /// Whether `error` says that a file does not exist (Go's `os.ErrNotExist`).
    static func isMissing(_ error: NodeCollectorError) -> Bool {
        guard case .unreadable(_, let reason) = error else { return false }
        return reason == HostFiles.errorText(ENOENT)
    }

    /// The error for line `index` (counted from 0) of this file.
    func malformed(line index: Int, _ reason: String) -> NodeCollectorError {
        .malformed(path: path, line: index + 1, reason: reason)
    }
}
