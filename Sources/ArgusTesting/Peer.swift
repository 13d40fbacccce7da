import Foundation

/// Real upstream programs (promtool, node-exporter, python3 with cramjam …)
/// that interoperability tests run side by side with Argus.
///
/// Outside CI a missing peer lets a test skip with a printed reason; in CI
/// (`CI=true`) the test runs anyway and fails on ``locate(_:)``, because
/// `.ci/run` is responsible for installing every peer.
public enum Peer {
    /// Whether this process runs under CI, where every peer must be present.
    public static var isCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"] ?? ""
        return value == "true" || value == "1"
    }

    /// The absolute path of `name` on `PATH` (plus `/usr/sbin` and `/usr/bin`), or nil.
    public static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin", "/usr/local/bin"]
        for dir in dirs {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// True when a test that needs `name` should run: the program exists, or we are in CI.
    public static func available(_ name: String) -> Bool {
        isCI || locate(name) != nil
    }

    /// True when `python3` can import `module`, or we are in CI.
    public static func pythonModuleAvailable(_ module: String) -> Bool {
        if isCI { return true }
        guard let python = locate("python3") else { return false }
        let result = try? run(python, ["-c", "import \(module)"])
        return result?.status == 0
    }

    /// What a finished peer process left behind.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var stdoutString: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrString: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs `executable` to completion with `stdin` as its standard input.
    ///
    /// Input and output go through temporary files so that large payloads
    /// can never deadlock on a full pipe.
    public static func run(
        _ executable: String, _ arguments: [String], stdin: Data = Data(), currentDirectory: URL? = nil
    ) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("argus-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("stdin")
        let outURL = dir.appendingPathComponent("stdout")
        let errURL = dir.appendingPathComponent("stderr")
        try stdin.write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let input = try FileHandle(forReadingFrom: inURL)
        let output = try FileHandle(forWritingTo: outURL)
        let error = try FileHandle(forWritingTo: errURL)
        defer {
            try? input.close()
            try? output.close()
            try? error.close()
        }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try Data(contentsOf: outURL),
            stderr: try Data(contentsOf: errURL)
        )
    }
}

extension Peer {
    /// Runs `executable` like the blocking `run`, but waits on a thread of
    /// its own, so a test that talks to an in-process server never holds
    /// one of the few cooperative threads that server needs to answer.
    /// At most a few peers run at once (see ``PeerSlots``).
    public static func run(
        _ executable: String, _ arguments: [String], stdin: Data = Data(), currentDirectory: URL? = nil
    ) async throws -> Result {
        try await PeerSlots.offload {
            try run(executable, arguments, stdin: stdin, currentDirectory: currentDirectory)
        }
    }

    /// Fetches `url` with python3's urllib without blocking a cooperative thread.
    public static func httpGet(_ url: String) async throws -> [UInt8] {
        try await PeerSlots.offload { try httpGet(url) }
    }
}

extension Peer {
    /// Fetches `url` with python3's urllib (always present where peers run),
    /// so tests need no HTTP client of their own. Throws when the request fails.
    public static func httpGet(_ url: String) throws -> [UInt8] {
        guard let python = locate("python3") else { throw PeerError(message: "python3 not found") }
        let script =
            "import sys,urllib.request;sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1],timeout=5).read())"
        let result = try run(python, ["-c", script, url])
        guard result.status == 0 else { throw PeerError(message: "GET \(url) failed: \(result.stderrString)") }
        return Array(result.stdout)
    }
}

/// A peer program could not be run or answered with an error.
public struct PeerError: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
