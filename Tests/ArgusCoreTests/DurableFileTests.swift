import ArgusCore
import ArgusTesting
import Foundation
import Testing

@Suite struct DurableFileTests {
    @Test func replacesWholeFilesAndReportsMissingOnes() throws {
        let directory = try Fixtures.temporaryDirectory("durable-file")
        let path = directory.appendingPathComponent("state").path
        #expect(try DurableFile.contents(of: path) == nil)
        try DurableFile.replace(path, with: Array("first".utf8))
        try DurableFile.replace(path, with: Array("second".utf8))
        #expect(try DurableFile.contents(of: path) == Array("second".utf8))
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["state"])
    }

    @Test func namesWhatFailed() throws {
        #expect(
            throws: DurableFile.Failure(
                reason: "cannot create /nonexistent/x.tmp.\(getpid()): No such file or directory")
        ) {
            try DurableFile.replace("/nonexistent/x", with: [1])
        }
    }
}
