// A child process for the TSDB crash test: opens a durable head in the
// directory given as the only argument (log in wal/, full chunks in
// chunks_head/, cut every 120 batches), then commits batches forever,
// printing "ack N" after batch N is committed. The test kills it with
// SIGKILL at a random moment and checks that every acknowledged batch is
// there after reopening.
import ArgusCore
import Foundation
import Storage
import TSDB

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: tsdb-crash-writer DIRECTORY\n".utf8))
    exit(2)
}
do {
    let (head, _) = try Head.open(
        directory: arguments[1] + "/wal", chunksDirectory: arguments[1] + "/chunks_head")
    let series = (0..<50).map { Labels(["__name__": "crash_test", "series": String($0)]) }
    // Continue after whatever an earlier run left behind.
    var next =
        (try head.querier().select([.equal("__name__", "crash_test")], mint: .min, maxt: .max))
        .compactMap { $0.samples.last?.timestamp }.max().map { $0 + 1 } ?? 0
    while true {
        let app = head.appender()
        for labels in series { try app.append(labels, timestamp: next, value: Double(next)) }
        try app.commit()
        FileHandle.standardOutput.write(Data("ack \(next)\n".utf8))
        next += 1
    }
} catch {
    FileHandle.standardError.write(Data("tsdb-crash-writer: \(error)\n".utf8))
    exit(1)
}
