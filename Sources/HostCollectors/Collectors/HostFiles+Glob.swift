extension HostFiles {
    /// The names in `dir` that match the glob `<prefix>[0-9]*`, sorted; none
    /// when `dir` can't be listed (globs ignore such errors).
    static func numberedEntries(_ dir: String, prefix: String) -> [String] {
        let entries = (try? entries(dir)) ?? []
        return entries.filter { name in
            guard name.hasPrefix(prefix), let next = name.utf8.dropFirst(prefix.utf8.count).first else { return false }
            return next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")
        }
    }
}
