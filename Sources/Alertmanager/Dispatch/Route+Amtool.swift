import ArgusCore

extension Route {
    /// amtool's one-line description of a node: its matchers (or `default-route`), then
    /// optionally `continue: true` and the receiver, separated by two spaces.
    func amtoolSlug(showContinue: Bool, showReceiver: Bool) -> String {
        var slug = matchers.isEmpty ? "default-route" : "{" + matchers.map(\.description).joined(separator: ",") + "}"
        if continues && showContinue { slug += "  continue: true" }
        if showReceiver { slug += "  receiver: " + options.receiver }
        return slug
    }

    /// What `amtool config routes show` prints for this tree.
    public func amtoolTreeText() -> String {
        "Routing tree:\n" + showTree().rendered() + "\n"
    }

    private func showTree() -> RouteTreeText {
        RouteTreeText(
            value: amtoolSlug(showContinue: true, showReceiver: true), children: routes.map { $0.showTree() })
    }

    /// What `amtool config routes test --tree` prints before the receivers: the nodes an alert
    /// with `labels` passes through, the final ones with their receiver.
    public func amtoolMatchingTreeText(_ labels: Labels) -> String {
        "Matching routes:\n" + matchingTree(labels).rendered() + "\n\n"
    }

    private func matchingTree(_ labels: Labels) -> RouteTreeText {
        var node = RouteTreeText(value: amtoolSlug(showContinue: false, showReceiver: false))
        for child in routes where child.matchers.matches(labels) {
            node.children.append(child.matchingTree(labels))
            if !child.continues { break }
        }
        if node.children.isEmpty { node.value = amtoolSlug(showContinue: false, showReceiver: true) }
        return node
    }

    /// The receivers of the nodes that take an alert with `labels`, in order (duplicates kept).
    public func receivers(for labels: Labels) -> [String] {
        match(labels).map(\.options.receiver)
    }
}
