/// The pieces of Go's `net/url` and `path` that decide how an Alertmanager's
/// URL is spelled, so that Argus lists, deduplicates and labels metrics with
/// the same strings Prometheus does.
enum GoURL {
    /// `url.URL{Scheme: scheme, Host: host, Path: path}.String()`: the host
    /// and path percent-escaped as Go escapes them, a `/` put between a host
    /// and a relative path.
    static func string(scheme: String, host: String, path: String) -> String {
        var result = ""
        if !scheme.isEmpty { result += scheme + ":" }
        if !scheme.isEmpty || !host.isEmpty {
            if !host.isEmpty || !path.isEmpty { result += "//" }
            result += escape(host, keep: isHostByte)
        }
        let escapedPath = escape(path, keep: isPathByte)
        if !escapedPath.isEmpty && !escapedPath.hasPrefix("/") && !host.isEmpty { result += "/" }
        return result + escapedPath
    }

    /// `path.Join("/", elements...)`: the non-empty elements joined with `/`
    /// under the root, then cleaned (`.` and empty elements dropped, `..`
    /// removing the element before it, never climbing above the root).
    static func rootedJoin(_ elements: [String]) -> String {
        var stack: [Substring] = []
        for element in elements {
            for part in element.split(separator: "/", omittingEmptySubsequences: true) {
                switch part {
                case ".": continue
                case "..": _ = stack.popLast()
                default: stack.append(part)
                }
            }
        }
        return "/" + stack.joined(separator: "/")
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Bytes a path keeps as they are: unreserved ones and the reserved ones
    /// other than `?`.
    private static func isPathByte(_ byte: UInt8) -> Bool {
        isUnreserved(byte) || "$&+,/:;=@".utf8.contains(byte)
    }

    /// Bytes a host keeps as they are: unreserved ones, the sub-delimiters,
    /// `:` for the port, brackets for IPv6 and the few Go lets through.
    private static func isHostByte(_ byte: UInt8) -> Bool {
        isUnreserved(byte) || "!$&'()*+,;=:[]<>\"".utf8.contains(byte)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func escape(_ text: String, keep: (UInt8) -> Bool) -> String {
        guard !text.utf8.allSatisfy(keep) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            if keep(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
