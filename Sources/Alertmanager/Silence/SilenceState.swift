/// Where a silence is in its lifetime; the raw values are the API's.
public enum SilenceState: String, Hashable, Sendable, CaseIterable {
    case expired
    case active
    case pending
}
