#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the pseudo-files of `/proc` and `/sys`, whose sizes are not known
/// up front (`stat` reports 0), so every read goes until end of file.
public enum HostFiles {
    /// The whole content of `path` as text.
    public static func readText(_ path: String) throws(NodeCollectorError) -> String {
        String(decoding: try readBytes(path), as: UTF8.self)
    }

    /// The content of `path` without surrounding whitespace, as sysfs
    /// attribute files (one value and a newline) are read.
    public static func readValue(_ path: String) throws(NodeCollectorError) -> String {
        let text = try readText(path)
        return String(text.trimmingASCIIWhitespace())
    }

    /// The content of sysfs attribute `path` as an unsigned integer.
    public static func readUInt(_ path: String) throws(NodeCollectorError) -> UInt64 {
        let text = try readValue(path)
        guard let value = UInt64(text) else {
            throw .malformed(path: path, line: nil, reason: "not an unsigned integer: \"\(text)\"")
        }
        return value
    }

    /// The content of sysfs attribute `path` as a signed integer.
    public static func readInt(_ path: String) throws(NodeCollectorError) -> Int64 {
        let text = try readValue(path)
        guard let value = Int64(text) else {
            throw .malformed(path: path, line: nil, reason: "not an integer: \"\(text)\"")
        }
        return value
    }

    /// The raw bytes of `path`.
    public static func readBytes(_ path: String) throws(NodeCollectorError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, reason: errorText(errno)) }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: errorText(errno))
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    /// The names in directory `path` (without `.` and `..`), sorted bytewise.
    public static func entries(_ path: String) throws(NodeCollectorError) -> [String] {
        guard let dir = opendir(path) else { throw .unreadable(path: path, reason: errorText(errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Whether anything exists at `path` (following symbolic links).
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Whether `path` is a directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        guard let dir = opendir(path) else { return false }
        closedir(dir)
        return true
    }

    /// The target of symbolic link `path`.
    public static func readLink(_ path: String) throws(NodeCollectorError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw .unreadable(path: path, reason: errorText(errno)) }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The C library's text for error number `code`, as Go prints it
    /// ("no such file or directory").
    public static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        let message = String(cString: text)
        guard let first = message.first else { return message }
        return first.lowercased() + message.dropFirst()
    }
}

extension Substring {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingASCIIWhitespace() -> Substring {
        let bytes = utf8
        guard let start = bytes.firstIndex(where: { !isASCIISpace($0) }),
            let last = bytes.lastIndex(where: { !isASCIISpace($0) })
        else { return self[endIndex...] }
        return Substring(bytes[start...last])
    }

    /// The whitespace-separated fields of the text, as Go's `strings.Fields`
    /// splits ASCII text.
    func fields() -> [Substring] {
        utf8.split(whereSeparator: isASCIISpace).map { Substring($0) }
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingASCIIWhitespace() -> Substring { self[...].trimmingASCIIWhitespace() }

    /// The whitespace-separated fields of the text, as Go's `strings.Fields`
    /// splits ASCII text.
    func fields() -> [Substring] { self[...].fields() }
}

/// Space, tab, newline, carriage return, vertical tab and form feed.
private func isASCIISpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (0x09...0x0D).contains(byte)
}
