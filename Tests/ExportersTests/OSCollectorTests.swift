import Testing

@testable import HostCollectors

@Suite struct OSCollectorTests {
    @Test func etcTakesPrecedenceOverUsrLib() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("rootfs/usr/lib/os-release", "ID=fallback\n")
        var metrics = try tree.collect(OSCollector.self)
        #expect(metrics.labelSets("node_os_info").first?["id"] == "fallback")
        #expect(!metrics.names.contains("node_os_version"))
        try tree.write("rootfs/etc/os-release", "NAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"\n")
        metrics = try tree.collect(OSCollector.self)
        #expect(metrics.labelSets("node_os_info").first?["id"] == "ubuntu")
        #expect(metrics.value("node_os_version", ["id": "ubuntu", "id_like": "debian", "name": "Ubuntu"]) == 22.04)
    }

    @Test func noFileMeansNoData() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let error = try #require(throws: NodeCollectorError.self) { try tree.collect(OSCollector.self) }
        #expect(error.isNoData)
    }

    @Test func envSyntax() throws {
        let text = #"""
            # comment
            export NAME='My "OS"'
            ID=myos # trailing comment
            PRETTY_NAME="A \u00e9 \"q\" \ud83d\ude00\ttab"
            BUILD_ID=  spaced value
            IMAGE_ID="a"'b'c
            export=x

            """#
        let values = try OSCollector.parse(text, path: "os-release")
        #expect(values["NAME"] == #"My "OS""#)
        #expect(values["ID"] == "myos")
        #expect(values["PRETTY_NAME"] == "A é \"q\" 😀\ttab")
        #expect(values["BUILD_ID"] == "spaced value")
        #expect(values["IMAGE_ID"] == "abc")
        #expect(values["export"] == "x")
    }

    @Test func syntaxErrorsNameTheLine() throws {
        for (text, reason) in [
            ("ID=ok\nNAME=\"open\n", "unmatched \""),
            ("ID=ok\n1D=x\n", "key must start with [A-Za-z_] but found '1'"),
            ("ID=ok\nNOVALUE\n", "missing ="),
            ("ID=ok\nX=\"\\q\"\n", "invalid escape sequence: \"q\""),
        ] {
            #expect(throws: NodeCollectorError.malformed(path: "f", line: 2, reason: reason)) {
                try OSCollector.parse(text, path: "f")
            }
        }
    }

    @Test func versionIsMajorMinor() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        for (versionID, version) in [("12", 12.0), ("22.04.3", 22.04), ("7.", 7), ("rolling", nil), ("0", nil)] {
            try tree.write("rootfs/etc/os-release", "ID=x\nVERSION_ID=\(versionID)\n")
            let metrics = try tree.collect(OSCollector.self)
            #expect(metrics.value("node_os_version", ["id": "x", "id_like": "", "name": ""]) == version)
        }
    }
}
