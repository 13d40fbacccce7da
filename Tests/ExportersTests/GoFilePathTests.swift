import Testing

@testable import HostCollectors

@Suite struct GoFilePathTests {
    @Test(arguments: [
        ("cpu[0-9]*", "cpu0", true), ("cpu[0-9]*", "cpu12", true), ("cpu[0-9]*", "cpufreq", false),
        ("*.prom", "a.prom", true), ("*.prom", ".prom", true), ("*", "a/b", false), ("a?c", "abc", true),
        ("a?c", "a/c", false), ("[^a-c]x", "dx", true), ("[^a-c]x", "bx", false), ("a\\*b", "a*b", true),
        ("a\\*b", "axb", false), ("*b*d", "abcd", true), ("[é]", "é", true),
    ])
    func matchesLikeGo(pattern: String, name: String, expected: Bool) throws {
        #expect(try GoFilePath.match(pattern, name) == expected)
    }

    @Test(arguments: ["[", "[a-", "a\\", "[]a]", "[-]"])
    func badPatterns(pattern: String) {
        #expect(throws: GoFilePath.BadPattern()) { try GoFilePath.match(pattern, "x") }
    }

    @Test func cleanAndJoin() {
        #expect(GoFilePath.clean("/a/./b/../c//") == "/a/c")
        #expect(GoFilePath.clean("../a/..") == "..")
        #expect(GoFilePath.clean("/..") == "/")
        #expect(GoFilePath.clean("") == ".")
        #expect(GoFilePath.join("/tmp/tf/", "a.prom") == "/tmp/tf/a.prom")
        #expect(GoFilePath.join("", "") == "")
    }

    @Test func globSortsPerDirectory() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        for name in ["cpu10", "cpu2", "cpu1", "cpufreq"] { try tree.makeDirectory("cpu/\(name)") }
        #expect(
            try GoFilePath.glob(tree.path("cpu/cpu[0-9]*")) == ["cpu1", "cpu10", "cpu2"].map { tree.path("cpu/\($0)") })
        #expect(try GoFilePath.glob(tree.path("missing/*")) == [])
        #expect(try GoFilePath.glob(tree.path("cpu")) == [tree.path("cpu")])
    }
}
