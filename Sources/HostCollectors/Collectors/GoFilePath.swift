#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The parts of Go's `path/filepath` (Go 1.19, Unix) whose results show up
/// in node-exporter's output: `Glob` decides which sysfs entries are read
/// and in which order, `Join`/`Clean` spell the paths reported in labels.
enum GoFilePath {
    /// `filepath.ErrBadPattern`.
    struct BadPattern: Error, Equatable {}

    // MARK: Glob

    /// The paths matching `pattern`, sorted by name within each directory,
    /// as `filepath.Glob` returns them; unreadable directories are skipped.
    static func glob(_ pattern: String) throws(BadPattern) -> [String] {
        try glob(pattern, depth: 0)
    }

    private static func glob(_ pattern: String, depth: Int) throws(BadPattern) -> [String] {
        guard depth < 10_000 else { throw BadPattern() }
        _ = try match(pattern, "")
        guard hasMeta(pattern) else {
            var info = stat()
            return lstat(pattern, &info) == 0 ? [pattern] : []
        }
        let (directory, file) = split(pattern)
        let cleaned: String
        switch directory {
        case "": cleaned = "."
        case "/": cleaned = directory
        default: cleaned = String(decoding: directory.utf8.dropLast(), as: UTF8.self)
        }
        guard hasMeta(cleaned) else { return try matches(in: cleaned, file, appendingTo: []) }
        guard cleaned != pattern else { throw BadPattern() }
        var result: [String] = []
        for parent in try glob(cleaned, depth: depth + 1) {
            result = try matches(in: parent, file, appendingTo: result)
        }
        return result
    }

    private static func matches(in directory: String, _ pattern: String, appendingTo result: [String])
        throws(BadPattern) -> [String]
    {
        var result = result
        guard HostFiles.isDirectory(directory), let names = try? HostFiles.entries(directory) else { return result }
        for name in names where try match(pattern, name) {
            result.append(join(directory, name))
        }
        return result
    }

    private static func hasMeta(_ path: String) -> Bool {
        path.utf8.contains {
            $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "\\")
        }
    }

    /// `filepath.Split`: everything up to and including the last `/`, and the rest.
    private static func split(_ path: String) -> (String, String) {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return ("", path) }
        return (
            String(decoding: bytes[...slash], as: UTF8.self), String(decoding: bytes[(slash + 1)...], as: UTF8.self)
        )
    }

    // MARK: Match

    /// Whether `name` matches the shell pattern `pattern` as `filepath.Match`
    /// decides: `*` and `?` never match `/`, `[^…]` negates a class, `\`
    /// escapes. Throws for a malformed pattern.
    static func match(_ pattern: String, _ name: String) throws(BadPattern) -> Bool {
        var pattern = Array(pattern.utf8)[...]
        var name = Array(name.utf8)[...]
        nextChunk: while !pattern.isEmpty {
            let (star, chunk, rest) = scanChunk(pattern)
            pattern = rest
            if star && chunk.isEmpty {
                return !name.contains(UInt8(ascii: "/"))
            }
            let (remainder, matched) = try matchChunk(chunk, name)
            if matched && (remainder.isEmpty || !pattern.isEmpty) {
                name = remainder
                continue
            }
            if star {
                var skip = name.startIndex
                while skip < name.endIndex, name[skip] != UInt8(ascii: "/") {
                    let (remainder, matched) = try matchChunk(chunk, name[(skip + 1)...])
                    if matched {
                        if pattern.isEmpty && !remainder.isEmpty {
                            skip += 1
                            continue
                        }
                        name = remainder
                        continue nextChunk
                    }
                    skip += 1
                }
            }
            return false
        }
        return name.isEmpty
    }

    private static func scanChunk(_ pattern: ArraySlice<UInt8>) -> (
        star: Bool, chunk: ArraySlice<UInt8>, rest: ArraySlice<UInt8>
    ) {
        var pattern = pattern
        var star = false
        while pattern.first == UInt8(ascii: "*") {
            pattern = pattern.dropFirst()
            star = true
        }
        var inRange = false
        var i = pattern.startIndex
        scan: while i < pattern.endIndex {
            switch pattern[i] {
            case UInt8(ascii: "\\"):
                if i + 1 < pattern.endIndex { i += 1 }
            case UInt8(ascii: "["):
                inRange = true
            case UInt8(ascii: "]"):
                inRange = false
            case UInt8(ascii: "*"):
                if !inRange { break scan }
            default:
                break
            }
            i += 1
        }
        return (star, pattern[..<i], pattern[i...])
    }

    /// Matches one star-free chunk at the start of `text`; returns what is
    /// left of `text` and whether it matched. Keeps checking the chunk's
    /// syntax after a mismatch, as Go does.
    private static func matchChunk(_ chunk: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) throws(BadPattern) -> (
        ArraySlice<UInt8>, Bool
    ) {
        var chunk = chunk
        var text = text
        var failed = false
        while let first = chunk.first {
            if !failed && text.isEmpty { failed = true }
            switch first {
            case UInt8(ascii: "["):
                var scalar: UInt32 = 0
                if !failed {
                    let (value, length) = decodeRune(text)
                    scalar = value
                    text = text.dropFirst(length)
                }
                chunk = chunk.dropFirst()
                var negated = false
                if chunk.first == UInt8(ascii: "^") {
                    negated = true
                    chunk = chunk.dropFirst()
                }
                var matched = false
                var ranges = 0
                while true {
                    if chunk.first == UInt8(ascii: "]"), ranges > 0 {
                        chunk = chunk.dropFirst()
                        break
                    }
                    let low = try classRune(&chunk)
                    var high = low
                    if chunk.first == UInt8(ascii: "-") {
                        chunk = chunk.dropFirst()
                        high = try classRune(&chunk)
                    }
                    if low <= scalar && scalar <= high { matched = true }
                    ranges += 1
                }
                if matched == negated { failed = true }
            case UInt8(ascii: "?"):
                if !failed {
                    if text.first == UInt8(ascii: "/") { failed = true }
                    text = text.dropFirst(decodeRune(text).length)
                }
                chunk = chunk.dropFirst()
            default:
                if first == UInt8(ascii: "\\") {
                    chunk = chunk.dropFirst()
                    if chunk.isEmpty { throw BadPattern() }
                }
                if !failed {
                    if chunk.first != text.first { failed = true }
                    text = text.dropFirst()
                }
                chunk = chunk.dropFirst()
            }
        }
        return failed ? ([], false) : (text, true)
    }

    /// One possibly escaped character of a `[…]` class (Go's `getEsc`).
    private static func classRune(_ chunk: inout ArraySlice<UInt8>) throws(BadPattern) -> UInt32 {
        guard let first = chunk.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "]") else {
            throw BadPattern()
        }
        if first == UInt8(ascii: "\\") {
            chunk = chunk.dropFirst()
            if chunk.isEmpty { throw BadPattern() }
        }
        let (scalar, length) = decodeRune(chunk)
        if scalar == 0xFFFD && length == 1 { throw BadPattern() }
        chunk = chunk.dropFirst(length)
        if chunk.isEmpty { throw BadPattern() }
        return scalar
    }

    /// The first UTF-8 scalar of `bytes` and its length; U+FFFD and length 1
    /// for an invalid sequence, as Go's `utf8.DecodeRune`.
    private static func decodeRune(_ bytes: ArraySlice<UInt8>) -> (scalar: UInt32, length: Int) {
        guard let first = bytes.first else { return (0xFFFD, 0) }
        if first < 0x80 { return (UInt32(first), 1) }
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch first {
        case 0xC2...0xDF: (length, minimum, scalar) = (2, 0x80, UInt32(first & 0x1F))
        case 0xE0...0xEF: (length, minimum, scalar) = (3, 0x800, UInt32(first & 0x0F))
        case 0xF0...0xF4: (length, minimum, scalar) = (4, 0x10000, UInt32(first & 0x07))
        default: return (0xFFFD, 1)
        }
        guard bytes.count >= length else { return (0xFFFD, 1) }
        for byte in bytes.dropFirst().prefix(length - 1) {
            guard byte & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return (0xFFFD, 1) }
        return (scalar, length)
    }

    // MARK: Join and Clean

    /// `filepath.Join`: the non-empty elements joined by `/`, cleaned.
    static func join(_ elements: String...) -> String {
        let parts = elements.filter { !$0.isEmpty }
        return parts.isEmpty ? "" : clean(parts.joined(separator: "/"))
    }

    /// `filepath.Clean`: the shortest equivalent path, lexically.
    static func clean(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let rooted = path.utf8.first == UInt8(ascii: "/")
        var parts: [ArraySlice<UInt8>] = []
        for part in Array(path.utf8).split(separator: UInt8(ascii: "/")) {
            if part.elementsEqual(".".utf8) { continue }
            if part.elementsEqual("..".utf8) {
                if let last = parts.last, !last.elementsEqual("..".utf8) {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let body = String(decoding: Array(parts.joined(separator: [UInt8(ascii: "/")])), as: UTF8.self)
        if rooted { return "/" + body }
        return body.isEmpty ? "." : body
    }
}
