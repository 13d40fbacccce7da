import ArgusCore
import ArgusHTTP
import Foundation
import PromQL
import Rules
import Synchronization

/// The query log of `global.query_log_file`: one JSON object per line for
/// every API query, in Prometheus 2.42's shape (keys sorted as Go's
/// encoder sorts a map): `httpRequest` (client IP, method, path),
/// `error` when the query failed, `params` (`query`, `start`, `end` with
/// millisecond precision, `step` in seconds, 0 for instant queries),
/// `stats.timings` and `ts`.
public final class QueryLog: Sendable {
    /// Where a query came from.
    public struct HTTPOrigin: Sendable {
        public var clientIP: String
        public var method: String
        public var path: String
    }

    /// One logged query.
    public struct Entry: Sendable {
        public var query: String
        public var start: Int64
        public var end: Int64
        /// The step in whole seconds, as upstream logs it.
        public var stepSeconds: Int64
        public var error: String?
        /// Waiting for a query slot (`execQueueTime`) and evaluating
        /// (`evalTotalTime`); their sum is `execTotalTime`.
        public var queueTime: Duration
        public var evalTime: Duration
        public var origin: HTTPOrigin?
        /// The rule group (file and name) whose evaluation ran the query.
        public var ruleGroup: (file: String, name: String)?

        /// A query about to run; the runner fills in the rest.
        init(text: String, start: Int64, end: Int64, step: Int64) {
            query = text
            self.start = start
            self.end = end
            stepSeconds = step / 1000
            queueTime = .zero
            evalTime = .zero
        }
    }

    private let state = Mutex<(path: String, descriptor: Int32)>(("", -1))

    public init() {}

    deinit { state.withLock { if $0.descriptor >= 0 { close($0.descriptor) } } }

    /// The file being written, "" when logging is off.
    public var path: String { state.withLock { $0.path } }

    /// Logs to `path` from now on, opened for appending and created if
    /// missing; "" turns logging off. The same path keeps the open file.
    /// On failure the previous file stays in use.
    public func use(path: String) throws(QueryLogError) {
        try state.withLock { (state) throws(QueryLogError) in
            guard path != state.path else { return }
            var descriptor: Int32 = -1
            if !path.isEmpty {
                descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o666)
                guard descriptor >= 0 else {
                    throw QueryLogError(
                        message: "can't create json logger: open \(path): \(String(cString: strerror(errno)))")
                }
            }
            if state.descriptor >= 0 { close(state.descriptor) }
            state = (path, descriptor)
        }
    }

    /// Appends `entry` as one line (a no-op when logging is off). Returns
    /// false when the write failed.
    @discardableResult
    public func log(_ entry: Entry, at now: Date = Date()) -> Bool {
        state.withLock { state in
            guard state.descriptor >= 0 else { return true }
            let line = Self.line(entry, now: now)
            let written = line.withUnsafeBytes { write(state.descriptor, $0.baseAddress, $0.count) }
            return written == line.count
        }
    }

    /// Logs a query a rule group ran; its whole time counts as evaluation.
    public func log(_ record: RuleQueryRecord) {
        guard !path.isEmpty else { return }
        var entry = Entry(text: record.expr.description, start: record.time, end: record.time, step: 0)
        entry.evalTime = record.duration
        entry.error = record.error
        entry.ruleGroup = (record.file, record.group)
        log(entry)
    }

    /// The JSON line for `entry`, newline included.
    static func line(_ entry: Entry, now: Date) -> [UInt8] {
        var json = JSONWriter(capacity: 256 + entry.query.utf8.count)
        json.byte(UInt8(ascii: "{"))
        if let error = entry.error {
            json.key("error")
            json.string(error)
            json.byte(UInt8(ascii: ","))
        }
        if let origin = entry.origin {
            stringObject(
                &json, "httpRequest", [("clientIP", origin.clientIP), ("method", origin.method), ("path", origin.path)])
        }
        json.raw("\"params\":{\"end\":")
        json.string(formatDate(entry.end))
        json.raw(",\"query\":")
        json.string(entry.query)
        json.raw(",\"start\":")
        json.string(formatDate(entry.start))
        json.raw(",\"step\":")
        json.int(entry.stepSeconds)
        json.raw("},")
        if let group = entry.ruleGroup {
            stringObject(&json, "ruleGroup", [("file", group.file), ("name", group.name)])
        }
        json.raw("\"stats\":{\"timings\":{\"evalTotalTime\":")
        json.number(seconds(entry.evalTime))
        json.raw(",\"execQueueTime\":")
        json.number(seconds(entry.queueTime))
        json.raw(",\"execTotalTime\":")
        json.number(seconds(entry.queueTime + entry.evalTime))
        json.raw("}},\"ts\":")
        json.string(formatDate(Int64((now.timeIntervalSince1970 * 1000).rounded(.down))))
        json.raw("}\n")
        return json.bytes
    }

    /// Writes `"key":{…},` with string `fields` in the given (sorted) order.
    private static func stringObject(_ json: inout JSONWriter, _ key: String, _ fields: [(String, String)]) {
        json.key(key)
        json.byte(UInt8(ascii: "{"))
        for (i, field) in fields.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.key(field.0)
            json.string(field.1)
        }
        json.raw("},")
    }

    /// Go's `2006-01-02T15:04:05.000Z07:00` in UTC: always three fraction digits.
    static func formatDate(_ milliseconds: Int64) -> String {
        let text = Timestamp.formatRFC3339(milliseconds)
        return text.contains(".") ? text : text.dropLast() + ".000Z"
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}

/// The query log file cannot be opened.
public struct QueryLogError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
