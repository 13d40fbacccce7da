import ArgumentParser
import ArgusCore
import ArgusHTTP
import Logging

/// `--log.level` and `--log.format`, as every Prometheus-family server has them.
enum LogFlags {
    static func parse(level: String, format: String) throws -> (Logger.Level, ServerLogHandler.Format) {
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
