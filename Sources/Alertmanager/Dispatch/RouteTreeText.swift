/// A text tree drawn as amtool draws routes (with the `treeprint` package): a `.` root, then
/// `├── `/`└── ` branches indented by four spaces or by `│`, two no-break spaces and a space.
struct RouteTreeText {
    var value: String
    var children: [RouteTreeText] = []

    /// The whole tree, each line ending in a newline.
    func rendered() -> String {
        var text = ".\n"
        RouteTreeText.render([self], prefix: "", into: &text)
        return text
    }

    private static func render(_ nodes: [RouteTreeText], prefix: String, into text: inout String) {
        for (offset, node) in nodes.enumerated() {
            let last = offset == nodes.count - 1
            text += prefix + (last ? "└── " : "├── ") + node.value + "\n"
            render(node.children, prefix: prefix + (last ? "    " : "│\u{00A0}\u{00A0} "), into: &text)
        }
    }
}
