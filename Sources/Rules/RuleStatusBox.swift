import Synchronization

/// The mutable status of one rule, shared between its group's loop and the API.
final class RuleStatusBox: Sendable {
    private let value = Mutex(RuleStatus())

    var status: RuleStatus { value.withLock { $0 } }

    func set(_ status: RuleStatus) { value.withLock { $0 = status } }
}
