/// Where an alert is in its life: pending while its `for` duration runs, then firing,
/// inactive once resolved.
public enum AlertState: String, Hashable, Sendable, Comparable {
    case inactive
    case pending
    case firing

    private var rank: Int {
        switch self {
        case .inactive: 0
        case .pending: 1
        case .firing: 2
        }
    }

    public static func < (lhs: AlertState, rhs: AlertState) -> Bool { lhs.rank < rhs.rank }
}
