import Exposition
import Testing

@testable import HostCollectors

@Suite struct TextfileCollectorTests {
    @Test func mergesFamiliesAcrossFiles() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("textfile/a.prom", "# HELP shared Shared help.\nshared{file=\"a\"} 1\nplain 1\n")
        try tree.write("textfile/b.prom", "# HELP shared Shared help.\nshared{file=\"b\"} 2\nplain{x=\"y\"} 2\n")
        try tree.write("textfile/c.txt", "ignored 1\n")
        let metrics = try tree.collect(TextfileCollector.self)
        #expect(metrics.errors == [])
        #expect(metrics.names == ["node_textfile_mtime_seconds", "node_textfile_scrape_error", "plain", "shared"])
        #expect(metrics.labelSets("shared").count == 2)
        let plain = try #require(metrics.sortedFamilies.first { $0.name == "plain" })
        #expect(plain.help == "Metric read from \(tree.path("textfile/a.prom")), \(tree.path("textfile/b.prom"))")
        #expect(plain.type == .untyped)
        #expect(
            metrics.labelSets("node_textfile_mtime_seconds").map { $0["file"] } == [
                tree.path("textfile/a.prom"), tree.path("textfile/b.prom"),
            ])
        #expect(metrics.value("node_textfile_scrape_error") == 0)
    }

    @Test func conflictingHelpDropsTheLaterFile() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("textfile/a.prom", "# HELP m First.\n# TYPE m gauge\nm{f=\"a\"} 1\n")
        try tree.write("textfile/b.prom", "# TYPE m gauge\nm{f=\"b\"} 2\n")
        let metrics = try tree.collect(TextfileCollector.self)
        #expect(metrics.labelSets("m") == [["f": "a"]])
        #expect(metrics.errors.count == 1)
    }

    @Test func missingLabelsAreFilledPerFamily() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("textfile/a.prom", "# TYPE jobs counter\njobs{queue=\"a\"} 1\njobs{state=\"done\"} 2\n")
        let metrics = try tree.collect(TextfileCollector.self)
        #expect(metrics.labelSets("jobs") == [["queue": "", "state": "done"], ["queue": "a", "state": ""]])
        #expect(metrics.sortedFamilies.first { $0.name == "jobs" }?.type == .counter)
    }

    @Test func badFilesAreErrorsAndAddNothing() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("textfile/good.prom", "good 1\n")
        try tree.write("textfile/stamp.prom", "stamped 1 1700000000000\n")
        try tree.write("textfile/nonl.prom", "unterminated 1")
        try tree.write("textfile/twice.prom", "twice 1\n# TYPE twice gauge\n")
        try tree.write("textfile/escape.prom", "esc{a=\"\\t\"} 1\n")
        try tree.link("textfile/dangling.prom", to: tree.path("nowhere"))
        let metrics = try tree.collect(TextfileCollector.self)
        #expect(metrics.names == ["good", "node_textfile_mtime_seconds", "node_textfile_scrape_error"])
        #expect(metrics.labelSets("node_textfile_mtime_seconds") == [["file": tree.path("textfile/good.prom")]])
        #expect(metrics.value("node_textfile_scrape_error") == 1)
    }

    @Test func fileErrorsAreLocated() throws {
        #expect(throws: TextfileFamily.FileError(line: 0, reason: "unexpected end of input stream")) {
            try TextfileFamily.parse(Array("a 1\nb 2".utf8))
        }
        #expect(throws: TextfileFamily.FileError(line: 2, reason: "contains unsupported client-side timestamps")) {
            try TextfileFamily.parse(Array("a 1\nb 2 17\n".utf8))
        }
        #expect(
            throws: TextfileFamily.FileError(
                line: 3, reason: "second TYPE line for metric name \"a\", or TYPE reported after samples")
        ) {
            try TextfileFamily.parse(Array("# TYPE a gauge\na 1\n# TYPE a counter\n".utf8))
        }
        #expect(throws: TextfileFamily.FileError(line: 1, reason: "expected integer as timestamp, got \"\"")) {
            try TextfileFamily.parse(Array("a 1 \n".utf8))
        }
        // A blank last line and a gauge with a non-float "le" are fine.
        let families = try TextfileFamily.parse(Array("g{le=\"x\"} 1\n \t".utf8))
        #expect(families.map(\.name) == ["g"])
    }

    @Test func countersKeepTheirSampleNames() throws {
        // A counter "c" with a "c_total" sample: Go's parser makes c_total its own untyped family.
        let families = try TextfileFamily.parse(
            Array("# HELP c Requests.\n# TYPE c counter\nc_total 5\n# TYPE d counter\nd 1\n".utf8))
        // The empty counter "c" is gone.
        #expect(families.map(\.name) == ["c_total", "d"])
        #expect(families.first?.type == .unknown)
        #expect(families.first?.help == nil)
        #expect(families.last?.type == .counter)
    }

    @Test func summariesAndHistogramsAreNotReportedButReserveTheirNames() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write(
            "textfile/a.prom",
            """
            # TYPE rpc summary
            rpc{quantile="0.5"} 1
            rpc_sum 2
            rpc_count 3
            # TYPE size histogram
            size_bucket{le="+Inf"} 1
            size_sum 1
            size_count 1
            after 1

            """)
        // Separate families that collide with them are dropped, as client_golang does.
        try tree.write("textfile/b.prom", "rpc_count 9\nsize_bucket 9\nrpc 9\nother 1\n")
        let metrics = try tree.collect(TextfileCollector.self)
        #expect(
            metrics.names == ["after", "node_textfile_mtime_seconds", "node_textfile_scrape_error", "other"])
        #expect(metrics.value("node_textfile_scrape_error") == 0)
    }

    @Test func directoryGlobAndErrors() throws {
        var tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("tf/d1/a.prom", "m 1\n")
        try tree.write("tf/d2/a.prom", "m{x=\"1\"} 2\n")
        try tree.makeDirectory("tf/d3/dir.prom")
        tree.options.textfileDirectory = tree.path("tf/d*")
        var metrics = try tree.collect(TextfileCollector.self)
        #expect(metrics.labelSets("m").count == 2)
        // A directory named *.prom reads as an empty file, as in Go.
        #expect(metrics.labelSets("node_textfile_mtime_seconds").count == 3)
        #expect(metrics.value("node_textfile_scrape_error") == 0)

        tree.options.textfileDirectory = tree.path("missing")
        metrics = try tree.collect(TextfileCollector.self)
        #expect(metrics.names == ["node_textfile_scrape_error"])
        #expect(metrics.value("node_textfile_scrape_error") == 1)

        // No directory configured: nothing to read, and no error.
        tree.options.textfileDirectory = ""
        metrics = try tree.collect(TextfileCollector.self)
        #expect(metrics.value("node_textfile_scrape_error") == 0)
    }
}
