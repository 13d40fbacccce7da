import ArgusCore
import GoTemplate

/// A node of the runtime routing tree (upstream `dispatch.Route`), built from a ``RouteConfig``
/// with inherited options resolved. Immutable once built.
public final class Route: Sendable {
    /// The resolved settings of this node.
    public let options: RouteOptions
    /// What an alert's labels must satisfy for this node (legacy `match`/`match_re` included), sorted.
    public let matchers: [Matcher]
    /// Whether matching goes on with the next sibling after this node matched.
    public let continues: Bool
    public let routes: [Route]
    /// The node's identity within the tree: the parent's key, `/`, then the matchers
    /// (`{}/{env="prod"}`); aggregation groups and notification logs are keyed by it.
    public let key: String
    /// Depth-first index of the node in its tree (0 for the root).
    public let index: Int
    // Written once, in the parent's initializer, before the tree is shared.
    nonisolated(unsafe) public private(set) weak var parent: Route?

    /// Builds the tree rooted at `config`.
    public convenience init(_ config: RouteConfig) {
        var counter = 0
        self.init(config, inherited: .defaults, parentKey: nil, counter: &counter)
    }

    private init(_ config: RouteConfig, inherited: RouteOptions, parentKey: String?, counter: inout Int) {
        var options = inherited
        if !config.receiver.isEmpty { options.receiver = config.receiver }
        if !config.groupBy.isEmpty {
            options.groupBy = Array(Set(config.groupBy)).sorted()
            options.groupByAll = false
        } else if config.groupByAll {
            options.groupByAll = true
        }
        if let wait = config.groupWait { options.groupWait = GoDuration(nanoseconds: wait.milliseconds * 1_000_000) }
        if let interval = config.groupInterval {
            options.groupInterval = GoDuration(nanoseconds: interval.milliseconds * 1_000_000)
        }
        if let repeatInterval = config.repeatInterval {
            options.repeatInterval = GoDuration(nanoseconds: repeatInterval.milliseconds * 1_000_000)
        }
        options.muteTimeIntervals = config.muteTimeIntervals
        options.activeTimeIntervals = config.activeTimeIntervals
        self.options = options
        let matchers = config.effectiveMatchers
        self.matchers = matchers
        continues = config.continue
        let ownKey = "{" + matchers.map(\.description).joined(separator: ",") + "}"
        let key = parentKey.map { $0 + "/" + ownKey } ?? ownKey
        self.key = key
        index = counter
        var children: [Route] = []
        for child in config.routes {
            counter += 1
            children.append(Route(child, inherited: options, parentKey: key, counter: &counter))
        }
        routes = children
        for child in children { child.parent = self }
    }

    /// The nodes that take an alert with `labels`: depth first, each matching child's result in
    /// order, stopping after the first match unless it `continue`s; this node itself when no
    /// child matches. Empty when this node does not match.
    public func match(_ labels: Labels) -> [Route] {
        guard matchers.matches(labels) else { return [] }
        var all: [Route] = []
        for child in routes {
            let found = child.match(labels)
            all += found
            if !found.isEmpty && !child.continues { break }
        }
        return all.isEmpty ? [self] : all
    }

    /// Calls `body` on this node, then on every descendant, depth first.
    public func walk(_ body: (Route) throws -> Void) rethrows {
        try body(self)
        for child in routes { try child.walk(body) }
    }

    /// The labels an alert is grouped by under this node: those named in `group_by`, or all of
    /// them for `group_by: ['...']`.
    public func groupLabels(for labels: Labels) -> Labels {
        if options.groupByAll { return labels }
        let names = Set(options.groupBy)
        return Labels(labels.filter { names.contains($0.name) })
    }
}
