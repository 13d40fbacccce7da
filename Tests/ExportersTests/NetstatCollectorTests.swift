import Testing

@testable import HostCollectors

@Suite struct NetstatCollectorTests {
    static let netstat = """
        TcpExt: SyncookiesSent ListenOverflows TW
        TcpExt: 1 2 3
        IpExt: InOctets OutOctets
        IpExt: 100 200

        """
    static let snmp = """
        Ip: Forwarding DefaultTTL
        Ip: 1 64
        Tcp: MaxConn CurrEstab InErrs
        Tcp: -1 7 0

        """

    @Test func reportsMatchingFieldsOfAllFiles() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/netstat", Self.netstat)
        try tree.write("proc/net/snmp", Self.snmp)
        try tree.write("proc/net/snmp6", "Ip6InOctets                     \t736\nIcmp6InMsgs 4\nnosix 1\nshort\n")
        let (metrics, error) = try tree.scrape(NetstatCollector.self)
        #expect(error == nil)
        #expect(
            metrics.names == [
                "node_netstat_Icmp6_InMsgs", "node_netstat_Ip6_InOctets", "node_netstat_IpExt_InOctets",
                "node_netstat_IpExt_OutOctets", "node_netstat_Ip_Forwarding", "node_netstat_TcpExt_ListenOverflows",
                "node_netstat_TcpExt_SyncookiesSent", "node_netstat_Tcp_CurrEstab", "node_netstat_Tcp_InErrs",
            ])
        #expect(metrics.value("node_netstat_Ip6_InOctets") == 736)
        #expect(metrics.sortedFamilies.first?.help == "Statistic Icmp6InMsgs.")
        #expect(metrics.sortedFamilies.allSatisfy { $0.type == .untyped })
    }

    @Test func snmp6IsOptional() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/netstat", Self.netstat)
        try tree.write("proc/net/snmp", Self.snmp)
        var options = NodeCollectorOptions()
        options.netstatFields = "^Tcp_MaxConn$"
        let (metrics, error) = try tree.scrape(NetstatCollector.self, options: options)
        #expect(error == nil)
        #expect(metrics.names == ["node_netstat_Tcp_MaxConn"])
        #expect(metrics.value("node_netstat_Tcp_MaxConn") == -1)
    }

    @Test func snmpIsRequired() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/netstat", Self.netstat)
        let (_, error) = try tree.scrape(NetstatCollector.self)
        #expect(error == .unreadable(path: tree.path("proc/net/snmp"), reason: "no such file or directory"))
    }

    @Test func fieldCountMismatchIsMalformed() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/netstat", Self.netstat)
        try tree.write("proc/net/snmp", "Ip: Forwarding DefaultTTL\nIp: 1 64\nTcp: MaxConn CurrEstab\nTcp: -1\n")
        let (metrics, error) = try tree.scrape(NetstatCollector.self)
        #expect(error == .malformed(path: tree.path("proc/net/snmp"), line: 4, reason: "field count mismatch for Tcp"))
        #expect(metrics.names.isEmpty)
    }

    @Test func valueThatIsNotANumberFailsEvenWhenNotReported() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/netstat", "TcpExt: TW Other\nTcpExt: 1 abc\n")
        try tree.write("proc/net/snmp", Self.snmp)
        let (_, error) = try tree.scrape(NetstatCollector.self)
        #expect(
            error
                == .malformed(
                    path: tree.path("proc/net/netstat"), line: 2, reason: "invalid value \"abc\" for TcpExtOther"))
    }

    @Test func invalidFieldsPatternIsAnInvalidOption() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        var options = NodeCollectorOptions()
        options.netstatFields = "a("
        #expect(throws: NodeCollectorError.self) { try tree.collector(NetstatCollector.self, options: options) }
    }
}
