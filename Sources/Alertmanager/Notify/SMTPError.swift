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
