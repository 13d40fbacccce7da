import ArgusTesting
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An Alertmanager run as its own process on 127.0.0.1, without
/// clustering: the real 0.25 (`prometheus-alertmanager`) or the built
/// `argus alertmanager`. Stopped by its PID only.
struct AlertmanagerProcess {
    enum Kind: String {
        case upstream = "Alertmanager 0.25"
        case argus = "argus alertmanager"
    }

    /// The real Alertmanager, when installed.
    static var upstreamPath: String? { Peer.locate("prometheus-alertmanager") }

    /// The `argus` binary beside the test bundle (`swift build --build-tests` builds it).
    static var argusPath: String { Bundle.main.bundleURL.appendingPathComponent("argus").path }

    /// True when a test needing the real Alertmanager should run.
    static var upstreamAvailable: Bool { Peer.available("prometheus-alertmanager") }

    let kind: Kind
    let background: BackgroundProcess
    let url: String
    let configFile: URL
    let storage: URL

    var pid: pid_t { background.process.processIdentifier }

    /// Starts `kind` with `configFile` and `storage`, and waits until it is ready.
    static func start(
        _ kind: Kind, configFile: URL, storage: URL, in directory: URL, extraArguments: [String] = []
    ) async throws -> AlertmanagerProcess {
        let executable: String
        switch kind {
        case .upstream:
            guard let path = upstreamPath else { throw PeerError(message: "prometheus-alertmanager not found") }
            executable = path
        case .argus:
            executable = argusPath
            guard FileManager.default.isExecutableFile(atPath: executable) else {
                throw PeerError(message: "argus binary not found at \(executable)")
            }
        }
        let port = BackgroundProcess.freePort()
        var arguments = [
            "--config.file=\(configFile.path)", "--storage.path=\(storage.path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
            "--web.external-url=http://am.example:9093",
        ]
        if kind == .argus { arguments = ["alertmanager"] + arguments }
        let background = try BackgroundProcess.start(executable, arguments + extraArguments, in: directory)
        let process = AlertmanagerProcess(
            kind: kind, background: background, url: "http://127.0.0.1:\(port)", configFile: configFile,
            storage: storage)
        let ready = await eventually(timeout: .seconds(60)) {
            guard background.process.isRunning else { return true }
            return (try? await AlertmanagerHTTP.get(process.url + "/-/ready").status) == 200
        }
        guard ready, background.process.isRunning else {
            background.stop()
            throw PeerError(message: "\(kind.rawValue) did not become ready:\n\(background.log)")
        }
        return process
    }

    /// Starts `kind` in a fresh directory with `config` written to `alertmanager.yml`.
    static func start(_ kind: Kind, config: String, in directory: URL) async throws -> AlertmanagerProcess {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configFile = directory.appendingPathComponent("alertmanager.yml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        return try await start(
            kind, configFile: configFile, storage: directory.appendingPathComponent("data"), in: directory)
    }

    /// Sends `signal` to the process.
    func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Kills the process at once (no graceful shutdown, no final snapshot).
    func crash() {
        kill(pid, SIGKILL)
        background.process.waitUntilExit()
    }

    /// Stops the process gracefully; returns its exit status.
    @discardableResult
    func stop() -> Int32 { background.stop() }
}
