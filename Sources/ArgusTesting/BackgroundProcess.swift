import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A long-running program started by a test (a server, a peer), with its
/// output in a log file. It is stopped by its own PID, never by name.
public final class BackgroundProcess: @unchecked Sendable {
    public let process: Process
    /// Standard output and error, interleaved.
    public let logFile: URL

    private init(process: Process, logFile: URL) {
        self.process = process
        self.logFile = logFile
    }

    /// Starts `executable` with `arguments` in `directory`.
    ///
    /// The test process ignores SIGTERM (service lifecycles handle it), and an
    /// ignored signal stays ignored across `exec`: a child that does not
    /// install a handler of its own (a python3 fixture) would sit out every
    /// ``stop(grace:)`` until the SIGKILL. The child is therefore started
    /// through `env --default-signal=TERM`, which restores the default action
    /// and execs it under the same PID.
    public static func start(_ executable: String, _ arguments: [String], in directory: URL) throws
        -> BackgroundProcess
    {
        let logFile = directory.appendingPathComponent("\(URL(fileURLWithPath: executable).lastPathComponent).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["--default-signal=TERM", executable] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? handle.close()
        return BackgroundProcess(process: process, logFile: logFile)
    }

    /// Everything the program wrote so far.
    public var log: String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// The log if it contains `text`, nil if not yet; throws when the
    /// program exited without logging it.
    private func logIfContains(_ text: String) throws -> String? {
        let log = self.log
        if log.contains(text) { return log }
        if !process.isRunning {
            throw PeerError(
                message: "\(process.executableURL?.path ?? "process") exited before logging \(text):\n\(log)")
        }
        return nil
    }

    /// Waits until the log contains `text`; throws with the log when the
    /// program exits first or `timeout` passes. Polls with `Task.sleep`, so
    /// the wait holds no cooperative thread that in-process servers need.
    @discardableResult
    public func waitForLog(_ text: String, timeout: Duration = .seconds(300)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let log = try logIfContains(text) { return log }
            try await Task.sleep(for: .milliseconds(50))
        }
        // A busy test pool may not have resumed this task before the deadline.
        if let log = try logIfContains(text) { return log }
        throw PeerError(message: "timed out waiting for \(text) in:\n\(log)")
    }

    /// Sends SIGTERM and waits for the exit (SIGKILL after `grace`).
    /// Returns the exit status.
    @discardableResult
    public func stop(grace: Duration = .seconds(15)) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension Peer {
    /// `http` without blocking a cooperative thread while python answers.
    public static func http(
        _ method: String, _ url: String, body: [UInt8] = [], contentType: String? = nil
    ) async throws -> (status: Int, body: String) {
        try await PeerSlots.offload { try http(method, url, body: body, contentType: contentType) }
    }
}

extension Peer {
    /// An HTTP exchange through python3's urllib: the status and body,
    /// whatever the status.
    public static func http(
        _ method: String, _ url: String, body: [UInt8] = [], contentType: String? = nil
    ) throws -> (status: Int, body: String) {
        guard let python = locate("python3") else { throw PeerError(message: "python3 not found") }
        let script = """
            import sys, urllib.request, urllib.error
            data = sys.stdin.buffer.read()
            req = urllib.request.Request(sys.argv[2], data=data if sys.argv[1] != 'GET' else None, method=sys.argv[1])
            if len(sys.argv) > 3: req.add_header('Content-Type', sys.argv[3])
            try:
                r = urllib.request.urlopen(req, timeout=30); code = r.status; out = r.read()
            except urllib.error.HTTPError as e:
                code = e.code; out = e.read()
            sys.stdout.buffer.write(str(code).encode() + b'\\n' + out)
            """
        var arguments = ["-c", script, method, url]
        if let contentType { arguments.append(contentType) }
        let result = try run(python, arguments, stdin: Data(body))
        guard result.status == 0, let newline = result.stdout.firstIndex(of: UInt8(ascii: "\n")),
            let status = Int(String(decoding: result.stdout[..<newline], as: UTF8.self))
        else { throw PeerError(message: "\(method) \(url) failed: \(result.stderrString)") }
        return (status, String(decoding: result.stdout[(newline + 1)...], as: UTF8.self))
    }
}
