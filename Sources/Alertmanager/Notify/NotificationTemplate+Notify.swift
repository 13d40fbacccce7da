import GoTemplate

extension NotificationTemplate {
    /// `text` rendered for a notification; a template error is not retryable.
    func render(_ text: String, _ data: NotificationData) throws(NotifyError) -> String {
        do {
            return try execute(text, data: data)
        } catch {
            throw NotifyError(retryable: false, message: error.message)
        }
    }
}

extension String {
    /// At most `limit` characters (Unicode scalars, Go's runes), the last
    /// replaced by `…` when cut (upstream's `TruncateInRunes`).
    func truncatedInRunes(_ limit: Int) -> (text: String, truncated: Bool) {
        let scalars = unicodeScalars
        guard scalars.count > limit else { return (self, false) }
        var out = String.UnicodeScalarView()
        if limit <= 3 {
            out.append(contentsOf: scalars.prefix(limit))
            return (String(out), true)
        }
        out.append(contentsOf: scalars.prefix(limit - 1))
        return (String(out) + "…", true)
    }
}
