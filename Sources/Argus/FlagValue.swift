import ArgumentParser
import ArgusCore
import ArgusHTTP

/// Parsing of flag values shared by the server commands, with a usage
/// error that names the flag and the bad value.
enum FlagValue {
    /// A Prometheus duration such as `5m` or `1h30m`.
    static func duration(_ text: String, flag: String) throws -> PromDuration {
        do {
            return try PromDuration(parsing: text)
        } catch {
            throw ValidationError("invalid value \(GoString.quote(text)) for --\(flag): \(error.message)")
        }
    }

    /// A `host:port` listen address (`:9100` listens on every interface).
    static func listenAddress(_ text: String, flag: String = "web.listen-address") throws -> ListenAddress {
        do {
            return try ListenAddress(parsing: text)
        } catch {
            throw ValidationError("invalid value for --\(flag): \(error.message)")
        }
    }
}
