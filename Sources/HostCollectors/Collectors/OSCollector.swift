import ArgusCore

/// `os`: the distribution's identification from `os-release` under the
/// root filesystem (`/etc/os-release`, else `/usr/lib/os-release`), as the
/// labels of `node_os_info` and the major.minor `VERSION_ID` in
/// `node_os_version`.
struct OSCollector: NodeCollector {
    static let name = "os"
    static let enabledByDefault = true

    /// The files tried in order; the first that exists is used.
    private static let files = ["/etc/os-release", "/usr/lib/os-release"]

    /// `node_os_info` labels and the os-release keys they come from.
    private static let infoLabels: KeyValuePairs<String, String> = [
        "build_id": "BUILD_ID", "id": "ID", "id_like": "ID_LIKE", "image_id": "IMAGE_ID",
        "image_version": "IMAGE_VERSION", "name": "NAME", "pretty_name": "PRETTY_NAME", "variant": "VARIANT",
        "variant_id": "VARIANT_ID", "version": "VERSION", "version_codename": "VERSION_CODENAME",
        "version_id": "VERSION_ID",
    ]

    private let paths: NodePaths
    private let majorMinor: RE2

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        majorMinor = try RE2(#"^[0-9]+\.?[0-9]*"#)
    }

    func update(_ metrics: inout NodeMetrics) throws {
        var release: [String: String]?
        for file in Self.files {
            let path = paths.root(file)
            do {
                release = try Self.parse(HostFiles.readText(path), path: path)
                break
            } catch {
                if !error.isFileNotFound { throw error }
            }
        }
        guard let release else { throw NodeCollectorError.noData("no os-release file found") }
        metrics.add(
            "node_os_info",
            help: "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, "
                + "name, pretty_name, variant, variant_id, version, version_codename, version_id.",
            type: .gauge,
            labels: Self.infoLabels.map { NodeMetrics.Label(name: $0.key, value: release[$0.value] ?? "") }, value: 1)
        let versionID = release["VERSION_ID"] ?? ""
        guard let range = majorMinor.firstMatch(in: versionID),
            let version = GoFloat.parse(String(versionID[range])), version > 0
        else { return }
        metrics.add(
            "node_os_version", help: "Metric containing the major.minor part of the OS version.", type: .gauge,
            labels: ["id": release["ID"] ?? "", "id_like": release["ID_LIKE"] ?? "", "name": release["NAME"] ?? ""],
            value: version)
    }

    // MARK: os-release syntax

    /// Parses `KEY=value` lines the way hashicorp/go-envparse 0.1 does
    /// (node-exporter's parser): `#` comments, an optional `export `,
    /// single and double quotes, JSON-style escapes in double quotes.
    static func parse(_ text: String, path: String) throws(NodeCollectorError) -> [String: String] {
        var values: [String: String] = [:]
        for (index, line) in text.scannerLines().enumerated() {
            do {
                if let (key, value) = try parseLine(Array(line.utf8)) {
                    values[key] = value
                }
            } catch {
                throw .malformed(path: path, line: index + 1, reason: error.reason)
            }
        }
        return values
    }

    struct SyntaxError: Error {
        var reason: String
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var bytes = bytes
        while let first = bytes.first, isSpace(first) { bytes.removeFirst() }
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        return bytes
    }

    /// One line: nil for blank and comment lines.
    private static func parseLine(_ raw: [UInt8]) throws(SyntaxError) -> (String, String)? {
        let line = trimmed(raw[...])
        guard let first = line.first, first != UInt8(ascii: "#") else { return nil }
        guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else { throw SyntaxError(reason: "missing =") }
        var key = trimmed(line[..<equals])
        let value = trimmed(line[(equals + 1)...])
        let export = Array("export ".utf8)
        // "export" alone is a key; "export X" is X.
        if key.count > export.count, key.starts(with: export) { key = key.dropFirst(export.count) }
        guard let keyStart = key.first else { throw SyntaxError(reason: "empty key") }
        let isLetter: (UInt8) -> Bool = { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
        guard isLetter(keyStart) || keyStart == UInt8(ascii: "_") else {
            throw SyntaxError(
                reason: "key must start with [A-Za-z_] but found \(GoString.quoteRune(Unicode.Scalar(keyStart)))")
        }
        for byte in key.dropFirst() {
            guard
                isLetter(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
            else {
                throw SyntaxError(
                    reason:
                        "key characters must be [A-Za-z0-9/_.] but found \(GoString.quoteRune(Unicode.Scalar(byte)))")
            }
        }
        return (String(decoding: key, as: UTF8.self), String(decoding: try parseValue(value), as: UTF8.self))
    }

    private enum Mode {
        case plain, doubleQuoted, singleQuoted, escape
    }

    /// Unquotes a value; an unquoted `#` starts a comment.
    private static func parseValue(_ value: ArraySlice<UInt8>) throws(SyntaxError) -> [UInt8] {
        var out: [UInt8] = []
        // The end of the value without whitespace before a trailing comment.
        var significant = 0
        var mode = Mode.plain
        var i = value.startIndex
        while i < value.endIndex {
            let byte = value[i]
            defer { i += 1 }
            if byte < 0x20 {
                throw SyntaxError(
                    reason: "0x\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16)) is an invalid value character")
            }
            // Bytes of multibyte characters pass through as they are.
            if byte > 0x7F {
                if mode == .escape { throw SyntaxError(reason: "multibyte characters disallowed in escape sequences") }
                significant = out.count
                out.append(byte)
                continue
            }
            switch mode {
            case .plain:
                switch byte {
                case UInt8(ascii: "\""): mode = .doubleQuoted
                case UInt8(ascii: "'"): mode = .singleQuoted
                case UInt8(ascii: "#"): return Array(out[..<significant])
                case UInt8(ascii: " "), UInt8(ascii: "\t"): out.append(byte)
                default:
                    out.append(byte)
                    significant = out.count
                }
            case .doubleQuoted:
                switch byte {
                case UInt8(ascii: "\""): mode = .plain
                case UInt8(ascii: "\\"): mode = .escape
                default:
                    out.append(byte)
                    significant = out.count
                }
            case .singleQuoted:
                if byte == UInt8(ascii: "'") {
                    mode = .plain
                } else {
                    out.append(byte)
                    significant = out.count
                }
            case .escape:
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hexRune(value, i + 1)
                    i += 4
                    if (0xD800..<0xE000).contains(scalar) {
                        guard value.endIndex >= i + 6, value[i + 1] == UInt8(ascii: "\\"),
                            value[i + 2] == UInt8(ascii: "u")
                        else { throw SyntaxError(reason: "incomplete Unicode surrogate pair") }
                        let low = try hexRune(value, i + 3)
                        i += 6
                        scalar = decodeSurrogates(scalar, low)
                    }
                    out.append(contentsOf: utf8(scalar))
                default:
                    throw SyntaxError(
                        reason: "invalid escape sequence: \(GoString.quote(String(decoding: [byte], as: UTF8.self)))")
                }
                significant = out.count
                mode = .doubleQuoted
            }
        }
        switch mode {
        case .plain: return out
        case .doubleQuoted: throw SyntaxError(reason: "unmatched \"")
        case .singleQuoted: throw SyntaxError(reason: "unmatched '")
        case .escape: throw SyntaxError(reason: "incomplete escape sequence")
        }
    }

    /// Four hex digits at `start`.
    private static func hexRune(_ value: ArraySlice<UInt8>, _ start: Int) throws(SyntaxError) -> UInt32 {
        guard value.endIndex - start >= 4 else { throw SyntaxError(reason: "incomplete hex sequence") }
        var scalar: UInt32 = 0
        for byte in value[start..<(start + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw SyntaxError(
                    reason: "invalid hex character: \(GoString.quote(String(decoding: [byte], as: UTF8.self)))")
            }
            scalar = scalar * 16 + UInt32(digit)
        }
        return scalar
    }

    /// Go's `utf16.DecodeRune`: a surrogate pair, or U+FFFD when it is not one.
    private static func decodeSurrogates(_ high: UInt32, _ low: UInt32) -> UInt32 {
        guard (0xD800..<0xDC00).contains(high), (0xDC00..<0xE000).contains(low) else { return 0xFFFD }
        return ((high - 0xD800) << 10 | (low - 0xDC00)) + 0x10000
    }

    /// Go's `utf8.EncodeRune`: surrogates and invalid scalars become U+FFFD.
    private static func utf8(_ scalar: UInt32) -> [UInt8] {
        guard let valid = Unicode.Scalar(scalar) else { return [0xEF, 0xBF, 0xBD] }
        return Array(String(Character(valid)).utf8)
    }
}
