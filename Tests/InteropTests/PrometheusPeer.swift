import ArgusTesting
import Exposition
import Foundation

/// A real Prometheus server (Debian's 2.42) started for one test on
/// 127.0.0.1, with the remote-write receiver on, an empty scrape
/// configuration and a throwaway TSDB directory.
///
/// It is started and stopped by the PID this process launched
/// (`Process.terminate` and `waitUntilExit`), never by name. HTTP goes
/// through python3's urllib in batches, so a few thousand queries cost one
/// process start rather than one each.
final class PrometheusPeer {
    let baseURL: String
    private let process: Process
    private let directory: URL
    private let logURL: URL
    private let python: String

    private init(process: Process, baseURL: String, directory: URL, logURL: URL, python: String) {
        self.process = process
        self.baseURL = baseURL
        self.directory = directory
        self.logURL = logURL
        self.python = python
    }

    /// Starts Prometheus on a free port and waits until `/-/ready` answers.
    /// A port taken between choosing and binding makes Prometheus exit; then
    /// it is tried again on another port.
    static func start() async throws -> PrometheusPeer {
        guard let executable = Peer.locate("prometheus") else { throw PeerError(message: "prometheus not found") }
        guard let python = Peer.locate("python3") else { throw PeerError(message: "python3 not found") }
        var lastError = "no attempt made"
        for _ in 0..<3 {
            let directory = try Fixtures.temporaryDirectory("argus-prometheus")
            let port = try freePort(python)
            let config = directory.appendingPathComponent("prometheus.yml")
            try Data("global: {}\n".utf8).write(to: config)
            let logURL = directory.appendingPathComponent("prometheus.log")
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
            let log = try FileHandle(forWritingTo: logURL)
            defer { try? log.close() }

            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = [
                "--config.file=\(config.path)",
                "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
                "--web.listen-address=127.0.0.1:\(port)",
                "--web.enable-remote-write-receiver",
                "--log.level=warn",
            ]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = log
            process.standardError = log
            try process.run()
            let peer = PrometheusPeer(
                process: process,
                baseURL: "http://127.0.0.1:\(port)",
                directory: directory,
                logURL: logURL,
                python: python
            )
            if await peer.waitUntilReady(timeout: 20) { return peer }
            lastError = "Prometheus did not become ready on port \(port): \(peer.logTail())"
            peer.stop()
        }
        throw PeerError(message: lastError)
    }

    /// Stops the process this peer started and removes its directory.
    func stop() {
        if process.isRunning {
            process.terminate()
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// POSTs each request to `/api/v1/write` in order, stopping at the
    /// first that is not answered 204 or 200, and throws with Prometheus'
    /// error body then.
    func write(_ requests: [Prompb.WriteRequest]) async throws {
        var frames: [UInt8] = []
        for request in requests {
            let body = RemoteWrite.encodeBody(request)
            let size = UInt32(body.count)
            frames += [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
            frames += body
        }
        let result = try await Peer.run(
            python,
            ["-c", Self.writeScript, baseURL + "/api/v1/write"],
            stdin: Data(frames)
        )
        guard result.status == 0 else {
            throw PeerError(message: "remote write failed: \(result.stderrString)")
        }
    }

    /// One API call: a path and its form parameters.
    struct APIRequest {
        var path: String
        var parameters: [String: String]
    }

    /// What the API answered: the HTTP status and the decoded JSON body.
    struct APIResponse {
        var httpStatus: Int
        var body: [String: Any]
    }

    /// POSTs every request (form-encoded) and returns the answers in order.
    func call(_ requests: [APIRequest]) async throws -> [APIResponse] {
        let input = try JSONSerialization.data(withJSONObject: requests.map { [$0.path, $0.parameters] as [Any] })
        let result = try await Peer.run(python, ["-c", Self.queryScript, baseURL], stdin: input)
        guard result.status == 0 else { throw PeerError(message: "API calls failed: \(result.stderrString)") }
        guard let list = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]],
            list.count == requests.count
        else {
            throw PeerError(message: "unexpected output of the API script: \(result.stdoutString.prefix(500))")
        }
        return list.map { APIResponse(httpStatus: $0["http"] as? Int ?? 0, body: $0["body"] as? [String: Any] ?? [:]) }
    }

    /// The end of Prometheus' log, for failure messages.
    func logTail() -> String {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return String(text.suffix(2000))
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

    /// A port the kernel just handed out for 127.0.0.1 (bind to 0, then close).
    private static func freePort(_ python: String) throws -> Int {
        let script =
            "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1]);s.close()"
        let result = try Peer.run(python, ["-c", script])
        guard result.status == 0,
            let port = Int(result.stdoutString.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw PeerError(message: "could not pick a free port: \(result.stderrString)")
        }
        return port
    }

    /// Reads length-prefixed remote-write bodies from stdin and POSTs them in order.
    private static let writeScript = """
        import sys, struct, urllib.request, urllib.error
        url = sys.argv[1]
        data = sys.stdin.buffer.read()
        offset, index = 0, 0
        headers = {"Content-Encoding": "snappy", "Content-Type": "application/x-protobuf",
                   "X-Prometheus-Remote-Write-Version": "0.1.0"}
        while offset < len(data):
            (size,) = struct.unpack(">I", data[offset:offset + 4])
            body = data[offset + 4:offset + 4 + size]
            offset += 4 + size
            request = urllib.request.Request(url, data=body, method="POST", headers=headers)
            try:
                status = urllib.request.urlopen(request, timeout=30).status
            except urllib.error.HTTPError as error:
                text = error.read().decode("utf-8", "replace")
                sys.stderr.write("request %d: HTTP %d: %s" % (index, error.code, text))
                sys.exit(1)
            if status not in (200, 204):
                sys.stderr.write("request %d: HTTP %d" % (index, status))
                sys.exit(1)
            index += 1
        """

    /// Reads `[[path, {param: value}], …]` from stdin, POSTs each form and
    /// prints `[{"http": status, "body": json}, …]`.
    private static let queryScript = """
        import sys, json, urllib.request, urllib.parse, urllib.error
        base = sys.argv[1]
        out = []
        for path, params in json.load(sys.stdin):
            body = urllib.parse.urlencode(params).encode()
            try:
                response = urllib.request.urlopen(base + path, data=body, timeout=60)
                status, text = response.status, response.read()
            except urllib.error.HTTPError as error:
                status, text = error.code, error.read()
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = {"status": "error", "errorType": "unparsable", "error": text.decode("utf-8", "replace")}
            out.append({"http": status, "body": parsed})
        json.dump(out, sys.stdout)
        """
}
