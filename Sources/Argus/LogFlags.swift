import ArgumentParser
import ArgusCore
import ArgusHTTP
import Logging
import ServiceLifecycle
import UnixSignals

/// `--log.level` and `--log.format`, as every Prometheus-family server has them.
struct LogFlags: ParsableArguments {
    @Option(
        name: .customLong("log.level"),
        help: "Only log messages with the given severity or above: debug, info, warn, error.")
    var level = "info"

    @Option(name: .customLong("log.format"), help: "Output format of log messages: logfmt, json.")
    var format = "logfmt"

    /// The level and format, or a usage error naming the bad value.
    func parse() throws -> (Logger.Level, ServerLogHandler.Format) {
        let levels: [String: Logger.Level] = ["debug": .debug, "info": .info, "warn": .warning, "error": .error]
        guard let parsedLevel = levels[level] else {
            throw ValidationError(
                "invalid value \(GoString.quote(level)) for --log.level: must be one of debug, info, warn, error")
        }
        guard let parsedFormat = ServerLogHandler.Format(rawValue: format) else {
            throw ValidationError(
                "invalid value \(GoString.quote(format)) for --log.format: must be one of logfmt, json")
        }
        return (parsedLevel, parsedFormat)
    }
}

extension LogFlags {
    /// Installs the server log handler with these flags; returns a logger
    /// labelled `label`.
    func bootstrap(label: String) throws -> Logger {
        let (level, format) = try parse()
        LoggingSystem.bootstrap { label in ServerLogHandler(label: label, level: level, format: format) }
        return Logger(label: label)
    }
}

/// Runs one server until SIGTERM or SIGINT asks it to shut down gracefully.
func runUntilSignalled(_ service: some Service, logger: Logger) async throws {
    let group = ServiceGroup(
        configuration: .init(
            services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
}
