/// One reply of an SMTP server: its code and its text lines.
struct SMTPReply: Sendable, Hashable {
    var code: Int
    var lines: [String]

    /// The text, lines joined by newlines, as Go's `textproto` reports it.
    var message: String { lines.joined(separator: "\n") }

    /// `code message`, as errors show a reply.
    var description: String { "\(code) \(message)" }
}

/// A failure talking to the mail server; `reply` is set when the server
/// refused a command.
struct SMTPError: Error, Sendable, CustomStringConvertible {
    var message: String
    var reply: SMTPReply?

    init(_ message: String, reply: SMTPReply? = nil) {
        self.message = message
        self.reply = reply
    }

    var description: String { message }
}
