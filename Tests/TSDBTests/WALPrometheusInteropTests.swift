import ArgusCore
import ArgusTesting
import Exposition
import Foundation
import Testing

@testable import TSDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte compatibility with a real Prometheus (Debian's 2.42): we read the
/// WAL it writes for remote-written samples, and it replays a WAL we write.
@Suite(.enabled(if: Peer.available("prometheus"), "prometheus (Debian 2.42) is not installed"))
struct WALPrometheusInteropTests {
    /// How a run of Prometheus is set up and ended.
    struct Scenario: CustomTestStringConvertible, Sendable {
        /// Prometheus 2.42 compresses WAL records with Snappy unless told not to.
        var walCompression: Bool
        /// SIGTERM shuts down cleanly; SIGKILL leaves the WAL as it was mid-run.
        var signal: Int32
        var testDescription: String {
            "\(walCompression ? "snappy" : "uncompressed") WAL, \(signal == SIGKILL ? "SIGKILL" : "SIGTERM")"
        }
    }

    /// Pushes series by remote write, stops Prometheus by its PID and reads
    /// its `wal/` directory: the series labels and every sample (timestamp
    /// and value bits) must be exactly what was pushed.
    @Test(arguments: [
        Scenario(walCompression: false, signal: SIGTERM),
        Scenario(walCompression: false, signal: SIGKILL),
        Scenario(walCompression: true, signal: SIGTERM),
    ])
    func readsTheWALPrometheusWrites(_ scenario: Scenario) async throws {
        let root = try Fixtures.temporaryDirectory("argus-wal-prometheus")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data").path
        let pushed = Self.dataset(series: 20, samples: 30, metric: "argus_wal_interop")

        let server = try await PrometheusProcess.start(
            root: root, data: data, extraArguments: scenario.walCompression ? [] : ["--no-storage.tsdb.wal-compression"]
        )
        do {
            try await server.remoteWrite(pushed)
        } catch {
            server.stop(signal: SIGKILL)
            throw error
        }
        server.stop(signal: scenario.signal)

        let walDirectory = data + "/wal"
        let snappy: WALReader.Decompressor = { compression, payload in
            guard compression == .snappy else { throw PeerError(message: "unexpected \(compression) record") }
            return try Snappy.decompress(payload)
        }
        if scenario.walCompression {
            // At least the series records compress, so a reader without a decompressor must refuse.
            do throws(WALError) {
                let reader = try WALReader(directory: walDirectory)
                while try reader.nextRecord() != nil {}
                Issue.record("no compressed record in a Prometheus WAL written with compression")
            } catch {
                #expect(error.code == .unsupportedCompression)
            }
        }

        let reader = try WALReader.replaying(
            directory: walDirectory, decompressor: scenario.walCompression ? snappy : nil)
        var labelsByRef: [UInt64: Labels] = [:]
        var samplesByRef: [UInt64: [RefSample]] = [:]
        while let record = try reader.nextRecord() {
            switch record {
            case .series(let series): for entry in series { labelsByRef[entry.ref] = entry.labels }
            case .samples(let samples): for sample in samples { samplesByRef[sample.ref, default: []].append(sample) }
            case .tombstones: Issue.record("unexpected tombstones")
            }
        }
        #expect(reader.skippedRecords.isEmpty)
        var read: [Labels: [RefSample]] = [:]
        for (ref, samples) in samplesByRef {
            let labels = try #require(labelsByRef[ref], "samples for ref \(ref) without a series record")
            read[labels, default: []] += samples.map { RefSample(ref: 0, t: $0.t, v: $0.v) }
        }
        #expect(Set(labelsByRef.values) == Set(pushed.keys))
        #expect(read.count == pushed.count)
        for (labels, samples) in pushed {
            #expect(read[labels]?.sorted { $0.t < $1.t } == samples, "\(labels)")
        }
    }

    /// Writes a WAL with our writer into an empty data directory, starts
    /// Prometheus on it and queries the samples it replayed.
    @Test func prometheusReplaysTheWALWeWrite() async throws {
        let root = try Fixtures.temporaryDirectory("argus-wal-prometheus")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data").path
        let dataset = Self.dataset(series: 5, samples: 20, metric: "argus_wal_replayed")

        let wal = try WAL(directory: data + "/wal")
        let ordered = dataset.sorted { $0.key < $1.key }
        try wal.log([
            WALRecord.series(ordered.enumerated().map { RefSeries(ref: UInt64($0.offset + 1), labels: $0.element.key) })
        ])
        // One samples record per timestamp, as a scrape would write them.
        for index in 0..<20 {
            try wal.log([
                WALRecord.samples(
                    ordered.enumerated().map { entry in
                        let sample = entry.element.value[index]
                        return RefSample(ref: UInt64(entry.offset + 1), t: sample.t, v: sample.v)
                    })
            ])
        }
        try wal.close()

        let server = try await PrometheusProcess.start(root: root, data: data, extraArguments: [])
        defer { server.stop(signal: SIGTERM) }
        let end = dataset.values.first!.last!.t
        let query = "argus_wal_replayed[1h]"
        // A second after the last sample, so it lies inside the range whatever the rounding.
        let response = try await server.query(query, time: "\((end + 1000) / 1000)")
        let result = try #require((response["data"] as? [String: Any])?["result"] as? [[String: Any]])
        #expect(result.count == dataset.count)
        for series in result {
            let metric = try #require(series["metric"] as? [String: String])
            let labels = Labels(metric)
            let values = try #require(series["values"] as? [[Any]])
            let samples = values.map { pair in
                RefSample(
                    ref: 0,
                    t: Int64((((pair[0] as? NSNumber)?.doubleValue ?? .nan) * 1000).rounded()),
                    v: Double(pair[1] as? String ?? "") ?? .nan)
            }
            #expect(samples.map(\.t) == dataset[labels]?.map(\.t), "\(labels)")
            #expect(samples.map(\.v) == dataset[labels]?.map(\.v), "\(labels)")
        }
    }

    /// `series` series of `samples` samples each, 15 s apart and ending a
    /// minute ago, with values that exercise the float encoding. (No −0.0:
    /// remote write's protobuf encoding drops it as a default value.)
    static func dataset(series: Int, samples: Int, metric: String) -> [Labels: [RefSample]] {
        let end = (Int64(Date().timeIntervalSince1970) - 60) * 1000
        var result: [Labels: [RefSample]] = [:]
        for s in 0..<series {
            let labels: Labels = [
                "__name__": metric, "job": "argus-wal-interop", "instance": "host-\(s).example.org:9100",
                "series": String(s),
            ]
            result[labels] = (0..<samples).map { i in
                let value: Double =
                    switch (s + i) % 5 {
                    case 0: Double(i)
                    case 1: -Double(s + 1) * 0.125
                    case 2: 1e-300 * Double(i + 1)
                    case 3: Double(s * 1000 + i) + 0.1
                    default: 1.7976931348623157e308
                    }
                return RefSample(ref: 0, t: end - Int64(samples - 1 - i) * 15_000 + Int64(s), v: value)
            }
        }
        return result
    }
}

/// A Prometheus server on 127.0.0.1 for one test, started and stopped by the
/// PID this process launched.
final class PrometheusProcess {
    let baseURL: String
    private let process: Process
    private let python: String
    private let logURL: URL

    private init(process: Process, baseURL: String, python: String, logURL: URL) {
        self.process = process
        self.baseURL = baseURL
        self.python = python
        self.logURL = logURL
    }

    static func start(root: URL, data: String, extraArguments: [String]) async throws -> PrometheusProcess {
        guard let executable = Peer.locate("prometheus") else { throw PeerError(message: "prometheus not found") }
        guard let python = Peer.locate("python3") else { throw PeerError(message: "python3 not found") }
        let config = root.appendingPathComponent("prometheus.yml")
        try Data("global: {}\n".utf8).write(to: config)
        var lastError = ""
        for attempt in 0..<3 {
            let port = try freePort(python)
            let logURL = root.appendingPathComponent("prometheus-\(attempt).log")
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
            let log = try FileHandle(forWritingTo: logURL)
            defer { try? log.close() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments =
                [
                    "--config.file=\(config.path)",
                    "--storage.tsdb.path=\(data)",
                    "--web.listen-address=127.0.0.1:\(port)",
                    "--web.enable-remote-write-receiver",
                    "--log.level=warn",
                ] + extraArguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = log
            process.standardError = log
            try process.run()
            let server = PrometheusProcess(
                process: process, baseURL: "http://127.0.0.1:\(port)", python: python, logURL: logURL)
            if await server.waitUntilReady(timeout: 20) { return server }
            lastError = "Prometheus did not become ready on port \(port): \(server.logTail())"
            server.stop(signal: SIGKILL)
        }
        throw PeerError(message: lastError)
    }

    /// Sends `signal` to the process this object started (by its PID) and waits for it to exit.
    func stop(signal: Int32) {
        if process.isRunning {
            kill(process.processIdentifier, signal)
        }
        process.waitUntilExit()
    }

    /// POSTs one remote-write request holding `dataset`.
    func remoteWrite(_ dataset: [Labels: [RefSample]]) async throws {
        var request = Prompb.WriteRequest()
        for (labels, samples) in dataset.sorted(by: { $0.key < $1.key }) {
            var series = Prompb.TimeSeries()
            series.labels = labels.map { Prompb.Label(name: $0.name, value: $0.value) }
            series.samples = samples.map { Prompb.Sample(value: $0.v, timestamp: $0.t) }
            request.timeseries.append(series)
        }
        let script = """
            import sys, urllib.request, urllib.error
            request = urllib.request.Request(sys.argv[1], data=sys.stdin.buffer.read(), method="POST", headers={
                "Content-Encoding": "snappy", "Content-Type": "application/x-protobuf",
                "X-Prometheus-Remote-Write-Version": "0.1.0"})
            try:
                status = urllib.request.urlopen(request, timeout=30).status
            except urllib.error.HTTPError as error:
                sys.stderr.write("HTTP %d: %s" % (error.code, error.read().decode("utf-8", "replace")))
                sys.exit(1)
            sys.exit(0 if status in (200, 204) else 1)
            """
        let result = try await Peer.run(
            python, ["-c", script, baseURL + "/api/v1/write"], stdin: Data(RemoteWrite.encodeBody(request)))
        guard result.status == 0 else {
            throw PeerError(message: "remote write failed: \(result.stderrString) \(logTail())")
        }
    }

    /// The JSON answer of an instant query.
    func query(_ query: String, time: String) async throws -> [String: Any] {
        var components = URLComponents(string: baseURL + "/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: query), URLQueryItem(name: "time", value: time)]
        let body = try await Peer.httpGet(components.url!.absoluteString)
        guard let json = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw PeerError(message: "unexpected answer: \(String(decoding: body, as: UTF8.self))")
        }
        return json
    }

    func logTail() -> String {
        String(((try? String(contentsOf: logURL, encoding: .utf8)) ?? "").suffix(2000))
    }

    private func waitUntilReady(timeout: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else { return false }
            if let body = try? await Peer.httpGet(baseURL + "/-/ready"),
                String(decoding: body, as: UTF8.self).contains("Ready")
            {
                return true
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    private static func freePort(_ python: String) throws -> Int {
        let script = "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1]);s.close()"
        let result = try Peer.run(python, ["-c", script])
        guard result.status == 0, let port = Int(result.stdoutString.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw PeerError(message: "could not pick a free port: \(result.stderrString)")
        }
        return port
    }
}
