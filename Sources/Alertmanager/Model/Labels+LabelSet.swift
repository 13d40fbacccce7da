import ArgusCore

extension Labels {
    /// Go's `model.LabelSet` text: `{a="1", b="2"}` with Go-quoted values.
    /// Group keys and logs use it.
    public var labelSetDescription: String {
        "{" + map { $0.name + "=" + GoString.quote($0.value) }.joined(separator: ", ") + "}"
    }

    /// The order of Go's `model.LabelSet.Before`: fewer labels first; then
    /// the first difference over the union of names, where a set lacking a
    /// name sorts first.
    public func labelSetBefore(_ other: Labels) -> Bool {
        if count != other.count { return count < other.count }
        let names = (map(\.name) + other.map(\.name)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for name in names {
            guard let mine = self[name] else { return true }
            guard let theirs = other[name] else { return false }
            if mine != theirs { return mine.utf8.lexicographicallyPrecedes(theirs.utf8) }
        }
        return false
    }
}

extension Alert {
    /// Alertmanager's notification order: by `job`, then `instance` (alerts
    /// having the label first), then by label set.
    public static func notificationOrder(_ lhs: Alert, _ rhs: Alert) -> Bool {
        for key in ["job", "instance"] {
            let left = lhs.labels[key]
            let right = rhs.labels[key]
            switch (left, right) {
            case (nil, nil): continue
            case (nil, _): return false
            case (_, nil): return true
            case (let left?, let right?):
                if left != right { return left.utf8.lexicographicallyPrecedes(right.utf8) }
            }
        }
        return lhs.labels.labelSetBefore(rhs.labels)
    }
}
