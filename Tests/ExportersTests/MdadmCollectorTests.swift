import Testing

@testable import HostCollectors

@Suite struct MdadmCollectorTests {
    @Test func missingMdstatIsNoData() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let (metrics, error) = try tree.scrape(MdadmCollector.self)
        #expect(error?.isNoData == true)
        #expect(metrics.names.isEmpty)
    }

    @Test func arrayStatesAndDisks() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write(
            "proc/mdstat",
            """
            Personalities : [raid1] [raid6] [raid5] [raid4]
            md1 : active raid1 sdd1[2](F) sdc1[0] sde1[3](S)
                  976630464 blocks super 1.2 [2/1] [U_]
                  bitmap: 1/8 pages [4KB], 65536KB chunk
                  [>....................]  recovery =  0.3% (3072/976630464) finish=52.9min speed=307200K/sec

            md2 : active (auto-read-only) raid1 sdf1[1] sdg1[0]
                  1048512 blocks super 1.2 [2/2] [UU]
                  \tresync=PENDING

            md127 : inactive sdz[0](S)
                  1953383512 blocks super 1.2

            unused devices: <none>

            """)
        let (metrics, error) = try tree.scrape(MdadmCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_md_state", ["device": "md1", "state": "recovering"]) == 1)
        #expect(metrics.value("node_md_state", ["device": "md1", "state": "active"]) == 0)
        #expect(metrics.value("node_md_disks", ["device": "md1", "state": "active"]) == 1)
        #expect(metrics.value("node_md_disks", ["device": "md1", "state": "failed"]) == 1)
        #expect(metrics.value("node_md_disks", ["device": "md1", "state": "spare"]) == 1)
        #expect(metrics.value("node_md_disks_required", ["device": "md1"]) == 2)
        #expect(metrics.value("node_md_blocks_synced", ["device": "md1"]) == 3072)
        #expect(metrics.value("node_md_state", ["device": "md2", "state": "resync"]) == 1)
        #expect(metrics.value("node_md_blocks_synced", ["device": "md2"]) == 0)
        #expect(metrics.value("node_md_state", ["device": "md127", "state": "inactive"]) == 1)
        #expect(metrics.value("node_md_blocks", ["device": "md127"]) == 1_953_383_512)
        #expect(metrics.value("node_md_disks_required", ["device": "md127"]) == 0)
    }

    @Test func malformedLinesReportTheirLine() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let path = tree.path("proc/mdstat")
        let cases: [(String, Int)] = [
            ("Personalities : [raid1]\nmd0 : active raid1 sda1[0]\n      100 blocks [2/1] [U_]\n", 2),
            ("md0 : active\n", 1), ("md0 : active raid1 sda1[0]\n      many blocks [2/1] [U_]\n\n\n", 2),
            ("md0 : active raid1 sda1[0]\n      100 blocks super 1.2\n\n\n", 2),
            (
                "md0 : active raid1 sda1[0]\n      100 blocks [2/1] [U_]\n      bitmap: 0/1 pages\n"
                    + "      [=>..]  recovery = 5% (10/100) speed=1K/sec\n\n", 4
            ),
        ]
        for (text, line) in cases {
            try tree.write("proc/mdstat", text)
            let (metrics, error) = try tree.scrape(MdadmCollector.self)
            guard case .malformed(let errorPath, let errorLine, _) = error else {
                Issue.record(
                    "expected a malformed error for \(text.debugDescription), got \(String(describing: error))")
                continue
            }
            #expect(errorPath == path)
            #expect(errorLine == line, "\(text.debugDescription)")
            #expect(metrics.names.isEmpty)
        }
    }
}
