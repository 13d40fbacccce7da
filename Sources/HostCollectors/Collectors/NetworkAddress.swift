#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IP address of a network device, as `node_network_address_info`
/// reports it: the address and scope in Go's `net.IP` spelling.
struct NetworkAddress: Hashable, Sendable {
    var device: String
    var address: String
    var prefixLength: Int
    var scope: String

    /// The IPv4 and IPv6 addresses of every device, from `getifaddrs(3)`.
    static func all() throws(NodeCollectorError) -> [NetworkAddress] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else {
            throw .unreadable(path: "getifaddrs", reason: HostFiles.errorText(errno))
        }
        defer { freeifaddrs(list) }
        var addresses: [NetworkAddress] = []
        var entry = list
        while let current = entry?.pointee {
            entry = current.ifa_next
            guard let address = current.ifa_addr, let name = current.ifa_name,
                let bytes = Self.bytes(of: address)
            else { continue }
            let mask = current.ifa_netmask.flatMap(Self.bytes(of:)) ?? []
            // IPv4 aliases carry their label ("eth0:1"); the device is the part before it.
            let label = String(cString: name)
            let device = label.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            addresses.append(
                NetworkAddress(
                    device: String(device), address: format(bytes), prefixLength: prefixLength(of: mask),
                    scope: scope(of: bytes)))
        }
        return addresses
    }

    /// The 4 or 16 address bytes of an `AF_INET` or `AF_INET6` socket address.
    private static func bytes(of address: UnsafeMutablePointer<sockaddr>) -> [UInt8]? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) }
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) }
            }
        default:
            return nil
        }
    }

    /// The number of leading one bits of a canonical netmask, 0 otherwise
    /// (Go's `IPMask.Size`).
    static func prefixLength(of mask: [UInt8]) -> Int {
        var length = 0
        var ended = false
        for byte in mask {
            for bit in (0..<8).reversed() {
                let isSet = byte & (1 << bit) != 0
                if isSet && ended { return 0 }
                if isSet { length += 1 } else { ended = true }
            }
        }
        return length
    }

    /// An IPv4-mapped IPv6 address as its 4 IPv4 bytes, others unchanged.
    private static func unmapped(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else {
            return bytes
        }
        return Array(bytes[12...])
    }

    /// Go's `net.IP.String`: dotted IPv4 (also for IPv4-mapped IPv6), and
    /// IPv6 in lowercase hex with the first longest run of two or more zero
    /// groups written `::`.
    static func format(_ address: [UInt8]) -> String {
        let bytes = unmapped(address)
        if bytes.count == 4 { return bytes.map { String($0) }.joined(separator: ".") }
        guard bytes.count == 16 else { return "?" }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var zeroStart = -1
        var zeroLength = 1
        var index = 0
        while index < 8 {
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > zeroLength {
                zeroStart = index
                zeroLength = end - index
            }
            index = max(end, index + 1)
        }
        var text = ""
        index = 0
        while index < 8 {
            if index == zeroStart {
                text += "::"
                index += zeroLength
                continue
            }
            if index > 0 && !text.hasSuffix(":") { text += ":" }
            text += String(groups[index], radix: 16)
            index += 1
        }
        return text
    }

    /// node-exporter's scope of an address: `link-local` for loopback and
    /// link-local addresses, `interface-local` for interface-local
    /// multicast, `global` for other unicast addresses, else empty.
    static func scope(of address: [UInt8]) -> String {
        let bytes = unmapped(address)
        if bytes.count == 4 {
            let isLoopback = bytes[0] == 127
            let isLinkLocal = bytes[0] == 169 && bytes[1] == 254
            let isLinkLocalMulticast = bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0
            if isLoopback || isLinkLocal || isLinkLocalMulticast { return "link-local" }
            let isBroadcast = bytes.allSatisfy { $0 == 0xFF }
            let isUnspecified = bytes.allSatisfy { $0 == 0 }
            let isMulticast = bytes[0] & 0xF0 == 0xE0
            return isBroadcast || isUnspecified || isMulticast ? "" : "global"
        }
        guard bytes.count == 16 else { return "" }
        let isLoopback = bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
        let isLinkLocal = bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
        let isMulticast = bytes[0] == 0xFF
        if isLoopback || isLinkLocal || (isMulticast && bytes[1] & 0x0F == 0x02) { return "link-local" }
        if isMulticast && bytes[1] & 0x0F == 0x01 { return "interface-local" }
        let isUnspecified = bytes.allSatisfy { $0 == 0 }
        return isUnspecified || isMulticast ? "" : "global"
    }
}
