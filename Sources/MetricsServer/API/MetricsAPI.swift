import ArgusCore
import ArgusHTTP
import Hummingbird
import Logging
import NIOCore
import Notifier
import PromQL
import Rules
import Storage
import TSDB

/// Prometheus' HTTP API v1 (`/api/v1/...`) over a TSDB and the PromQL
/// engine. Handlers are thin: they parse parameters, call the component
/// and encode the answer in Prometheus' JSON shape.
public struct MetricsAPI: Sendable {
    let db: DB
    let queries: QueryRunner
    let status: ServerStatus
    let targets: any TargetsProvider
    let options: MetricsServerOptions
    let logger: Logger
    /// The rule manager whose groups `/api/v1/rules` and `/api/v1/alerts` show.
    let ruleManager: RuleManager?
    /// The notifier whose Alertmanagers `/api/v1/alertmanagers` shows.
    let notifier: AlertNotifier?
    /// The clock; tests replace it.
    let now: @Sendable () -> Int64

    /// The largest form body accepted by the query endpoints.
    static let maxFormBody = 16 << 20

    public init(
        db: DB,
        queries: QueryRunner,
        status: ServerStatus,
        targets: any TargetsProvider,
        options: MetricsServerOptions,
        logger: Logger,
        ruleManager: RuleManager? = nil,
        notifier: AlertNotifier? = nil,
        now: @escaping @Sendable () -> Int64 = { Timestamp.now() }
    ) {
        self.db = db
        self.queries = queries
        self.status = status
        self.targets = targets
        self.options = options
        self.logger = logger
        self.ruleManager = ruleManager
        self.notifier = notifier
        self.now = now
    }

    /// Adds the API's routes under `group` (the route prefix plus `/api/v1`).
    public func register<Context: RequestContext>(on group: RouterGroup<Context>) {
        form(group, "query", methods: [.get, .post]) { try await self.query($0) }
        form(group, "query_range", methods: [.get, .post]) { try await self.queryRange($0) }
        form(group, "format_query", methods: [.get, .post]) { try self.formatQuery($0) }
        form(group, "series", methods: [.get, .post]) { try await self.series($0) }
        form(group, "labels", methods: [.get, .post]) { try self.labelNames($0) }
        form(group, "query_exemplars", methods: [.get, .post]) { try self.queryExemplars($0) }
        group.get("label/{name}/values") { request, context -> Response in
            let name = context.parameters.get("name") ?? ""
            let form = FormParameters(query: request.uri.query)
            return Self.answer { () throws(APIError) in try self.labelValues(name, form) }
        }
        form(group, "targets", methods: [.get]) { try await self.targets($0) }
        form(group, "targets/metadata", methods: [.get]) { try await self.targetMetadata($0) }
        form(group, "metadata", methods: [.get]) { try await self.metricMetadata($0) }
        form(group, "rules", methods: [.get]) { try self.rules($0) }
        form(group, "alerts", methods: [.get]) { _ in self.alerts() }
        form(group, "alertmanagers", methods: [.get]) { _ in self.alertmanagers() }
        form(group, "status/config", methods: [.get]) { _ in self.statusConfig() }
        form(group, "status/flags", methods: [.get]) { _ in self.statusFlags() }
        form(group, "status/runtimeinfo", methods: [.get]) { _ in self.statusRuntimeInfo() }
        form(group, "status/buildinfo", methods: [.get]) { _ in self.statusBuildInfo() }
        form(group, "status/tsdb", methods: [.get]) { try self.statusTSDB($0) }
        form(group, "status/walreplay", methods: [.get]) { _ in self.statusWALReplay() }
        form(group, "admin/tsdb/delete_series", methods: [.post, .put]) { try self.deleteSeries($0) }
        form(group, "admin/tsdb/clean_tombstones", methods: [.post, .put]) { _ in try self.cleanTombstones() }
        form(group, "admin/tsdb/snapshot", methods: [.post, .put]) { try self.snapshot($0) }
    }

    /// Registers `handler` for `path`, parsing the form from the query
    /// string and, for POST and PUT, a urlencoded body.
    func form<Context: RequestContext>(
        _ group: RouterGroup<Context>,
        _ path: String,
        methods: [HTTPRequest.Method],
        _ handler: @escaping @Sendable (FormParameters) async throws -> Response
    ) {
        for method in methods {
            group.on(RouterPath(path), method: method) { request, context -> Response in
                var body: [UInt8]? = nil
                if method != .get,
                    let type = request.headers[.contentType],
                    type.lowercased().hasPrefix("application/x-www-form-urlencoded")
                {
                    let buffer = try await request.body.collect(upTo: Self.maxFormBody)
                    body = Array(buffer.readableBytesView)
                }
                let form = FormParameters(query: request.uri.query, body: body)
                do {
                    guard queries.logsQueries else { return try await handler(form) }
                    let origin = QueryLog.HTTPOrigin(
                        clientIP: (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress ?? "",
                        method: method.rawValue, path: request.uri.path)
                    return try await QueryRunner.$origin.withValue(origin) { try await handler(form) }
                } catch let error as APIError {
                    return APIResponse.failure(error)
                } catch {
                    return APIResponse.failure(APIError(.internal, "\(error)"))
                }
            }
        }
    }

    static func answer(_ body: () throws(APIError) -> Response) -> Response {
        do {
            return try body()
        } catch {
            return APIResponse.failure(error)
        }
    }
}
