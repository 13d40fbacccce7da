import Alertmanager
import ArgusHTTP
import ArgusTesting
import Foundation
import Logging
import ServiceLifecycle

/// An Alertmanager served in-process on 127.0.0.1 with an ephemeral port.
struct RunningAlertmanager {
    let url: String
    let server: AlertmanagerServer
    let directory: URL
}

/// Routes `team="db"` to `database` and everything else to `default`,
/// grouped by alert name.
let teamRoutingConfig = """
    route:
      receiver: default
      group_by: [alertname]
      routes:
        - matchers: ['team="db"']
          receiver: database
    receivers:
      - name: default
      - name: database
    """

/// Runs `argus alertmanager` with `config` (written to a temporary
/// directory that also holds its storage) for the duration of `body`, then
/// shuts it down gracefully.
func withAlertmanager(
    config: String, directory: URL? = nil, _ configure: (inout AlertmanagerOptions) -> Void = { _ in },
    _ body: (RunningAlertmanager) async throws -> Void
) async throws {
    let directory = try directory ?? Fixtures.temporaryDirectory("argus-am")
    let configFile = directory.appendingPathComponent("alertmanager.yml")
    try config.write(to: configFile, atomically: true, encoding: .utf8)
    var options = AlertmanagerOptions()
    options.configFile = configFile.path
    options.storagePath = directory.appendingPathComponent("data").path
    options.listenAddress = ListenAddress(host: "127.0.0.1", port: 0)
    options.externalURL = "http://am.example:9093"
    configure(&options)
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "alertmanager-test")
    logger.logLevel = ProcessInfo.processInfo.environment["ARGUS_TEST_LOG"] == nil ? .critical : .debug
    let server = AlertmanagerServer(options: options, logger: logger, onListening: { portContinuation.yield($0.port) })
    let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { portContinuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await tasks.waitForAll()
            throw PeerError(message: "the alertmanager stopped before listening")
        }
        do {
            try await body(RunningAlertmanager(url: "http://127.0.0.1:\(port)", server: server, directory: directory))
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}
