/// Go's `net.SplitHostPort`, `net.JoinHostPort` and `net.ParseIP` as `stripPort` and
/// `stripDomain` use them.
enum HostPort {
    /// The host and port of `host:port` or `[ipv6]:port`; nil where Go returns an error.
    static func split(_ hostPort: String) -> (host: String, port: String)? {
        let bytes = Array(hostPort.utf8)
        guard let lastColon = bytes.lastIndex(of: UInt8(ascii: ":")) else { return nil }
        var host: ArraySlice<UInt8>
        var j = 0
        var k = 0
        if bytes.first == UInt8(ascii: "[") {
            guard let end = bytes.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            guard end + 1 == lastColon else { return nil }
            host = bytes[1..<end]
            j = 1
            k = end + 1
        } else {
            host = bytes[..<lastColon]
            if host.contains(UInt8(ascii: ":")) { return nil }
        }
        if bytes[j...].contains(UInt8(ascii: "[")) { return nil }
        if bytes[k...].contains(UInt8(ascii: "]")) { return nil }
        return (String(decoding: host, as: UTF8.self), String(decoding: bytes[(lastColon + 1)...], as: UTF8.self))
    }

    /// `net.JoinHostPort`.
    static func join(_ host: String, _ port: String) -> String {
        host.contains(":") ? "[" + host + "]:" + port : host + ":" + port
    }

    /// Whether `net.ParseIP` accepts `s`: dotted IPv4 or IPv6 text (no zone).
    static func isIP(_ s: String) -> Bool {
        isIPv4(Array(s.utf8)[...]) || isIPv6(Array(s.utf8))
    }

    private static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            if part.count > 1 && part.first == UInt8(ascii: "0") { return false }
            let value = part.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            if value > 255 { return false }
        }
        return true
    }

    private static func isIPv6(_ bytes: [UInt8]) -> Bool {
        guard bytes.contains(UInt8(ascii: ":")) else { return false }
        var groups = 0
        var sawEllipsis = false
        var index = 0
        if bytes.starts(with: Array("::".utf8)) {
            sawEllipsis = true
            index = 2
            if index == bytes.count { return true }
        }
        while index < bytes.count {
            // A group: up to four hex digits, or a trailing IPv4 address.
            var end = index
            while end < bytes.count, bytes[end] != UInt8(ascii: ":") { end += 1 }
            let group = bytes[index..<end]
            if group.contains(UInt8(ascii: ".")) {
                guard end == bytes.count, isIPv4(group) else { return false }
                groups += 2
                index = end
                break
            }
            guard !group.isEmpty, group.count <= 4, group.allSatisfy(isHexDigit) else { return false }
            groups += 1
            index = end
            if index == bytes.count { break }
            index += 1  // the colon
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                if sawEllipsis { return false }
                sawEllipsis = true
                index += 1
                if index == bytes.count { break }
            } else if index == bytes.count {
                return false
            }
        }
        return sawEllipsis ? groups < 8 : groups == 8
    }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66)
    }
}
