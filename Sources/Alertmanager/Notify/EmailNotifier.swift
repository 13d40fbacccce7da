import ArgusConfig
import ArgusCore
import Foundation
import GoTemplate
import Logging
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sends notifications by e-mail over SMTP (`email_configs`), as
/// Alertmanager 0.25: TLS from the start on port 465, otherwise STARTTLS
/// when `require_tls`; AUTH PLAIN or LOGIN when `auth_username` is set and
/// the server offers one (PLAIN only over TLS or to localhost). CRAM-MD5 is
/// not offered: a server that lists it first gets PLAIN or LOGIN instead.
public struct EmailNotifier: Notifier {
    public let config: EmailConfig
    private let template: NotificationTemplate
    private let logger: Logger
    private let hostname: String
    private let tls: TLSConfiguration

    /// - Throws: ``NotifyConfigError`` when `tls_config` cannot be loaded.
    public init(config: EmailConfig, template: NotificationTemplate, logger: Logger) throws(NotifyConfigError) {
        var config = config
        if config.headers["Subject"] == nil { config.headers["Subject"] = EmailConfig.defaultSubject }
        if config.headers["To"] == nil { config.headers["To"] = config.to }
        if config.headers["From"] == nil { config.headers["From"] = config.from }
        self.config = config
        self.template = template
        self.logger = logger
        hostname = Self.hostname()
        do {
            tls = try config.tlsConfig.nioSSLConfiguration(directory: "")
        } catch {
            throw NotifyConfigError(error.description)
        }
    }

    private static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost.localdomain" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The envelope and message for `alerts`, every template rendered.
    func compose(
        _ alerts: [Alert], context: NotificationContext
    ) throws(NotifyError) -> (from: String, to: [String], message: EmailMessage) {
        let data = context.templateData(alerts)
        func render(_ text: String, _ what: String) throws(NotifyError) -> String {
            do {
                return try template.execute(text, data: data)
            } catch {
                throw NotifyError(retryable: false, message: "\(what): \(error.message)")
            }
        }
        let fromList = try render(config.from, "execute 'from' template")
        let toList = try render(config.to, "execute 'to' template")
        let from: [String]
        let to: [String]
        do {
            from = try MailAddress.parseList(fromList)
        } catch {
            throw NotifyError(retryable: false, message: "parse 'from' addresses: \(error)")
        }
        guard from.count == 1 else {
            throw NotifyError(retryable: false, message: "must be exactly one 'from' address (got: \(from.count))")
        }
        do {
            to = try MailAddress.parseList(toList)
        } catch {
            throw NotifyError(retryable: false, message: "parse 'to' addresses: \(error)")
        }
        var headers: [String: String] = [:]
        for (name, text) in config.headers {
            headers[name] = try render(text, "execute \(GoString.quote(name)) header template")
        }
        var text: String?
        var html: String?
        if !config.text.isEmpty { text = try render(config.text, "execute text template") }
        if !config.html.isEmpty {
            do {
                html = try template.executeHTML(config.html, data: data)
            } catch {
                throw NotifyError(retryable: false, message: "execute html template: \(error.message)")
            }
        }
        let message = EmailMessage(headers: headers, text: text, html: html, hostname: hostname, date: context.now)
        return (from[0], to, message)
    }

    public func notify(_ alerts: [Alert], context: NotificationContext) async throws(NotifyError) {
        let (from, to, message) = try compose(alerts, context: context)
        let host = config.smarthost.host
        let tls = self.tls
        let serverName = config.tlsConfig.serverName.isEmpty ? host : config.tlsConfig.serverName
        guard let port = Int(config.smarthost.port) else {
            throw NotifyError(
                retryable: false, message: "invalid smarthost port \(GoString.quote(config.smarthost.port))")
        }
        do throws(SMTPError) {
            try await SMTPConnection.withConnection(
                host: host, port: port, implicitTLS: config.smarthost.port == "465" ? tls : nil,
                serverHostname: serverName
            ) { connection throws(SMTPError) in
                try await send(from: from, to: to, message: message, over: connection, tls: tls, serverName: serverName)
            }
        } catch {
            throw NotifyError(retryable: true, message: error.message)
        }
    }

    private func send(
        from: String, to: [String], message: EmailMessage, over connection: SMTPConnection, tls: TLSConfiguration,
        serverName: String
    ) async throws(SMTPError) {
        _ = try await connection.expect(220, for: "create SMTP client")
        let hello = config.hello.isEmpty ? "localhost" : config.hello
        do {
            try await connection.hello(hello)
        } catch {
            throw SMTPError("send EHLO command: \(error.message)")
        }
        if config.requireTLS ?? true {
            guard connection.extensions["STARTTLS"] != nil else {
                throw SMTPError(
                    "'require_tls' is true (default) but \(GoString.quote(config.smarthost.description)) does not advertise the STARTTLS extension"
                )
            }
            do {
                try await connection.startTLS(tls, serverHostname: serverName)
                try await connection.hello(hello)
            } catch {
                throw SMTPError("send STARTTLS command: \(error.message)")
            }
        }
        if let mechanisms = connection.extensions["AUTH"] {
            try await authenticate(connection, mechanisms: mechanisms)
        }
        var mail = "MAIL FROM:<\(from)>"
        if connection.extensions["8BITMIME"] != nil { mail += " BODY=8BITMIME" }
        if connection.extensions["SMTPUTF8"] != nil { mail += " SMTPUTF8" }
        do {
            try await connection.command(mail, expect: 250)
            for address in to { try await connection.command("RCPT TO:<\(address)>", expect: 2) }
        } catch {
            throw SMTPError(
                (error.message.hasPrefix("RCPT") ? "send RCPT command: " : "send MAIL command: ")
                    + (error.reply?.description ?? error.message))
        }
        do {
            try await connection.command("DATA", expect: 354)
        } catch {
            throw SMTPError("send DATA command: \(error.reply?.description ?? error.message)")
        }
        try await connection.write(EmailMessage.dotStuffed(message.bytes))
        do {
            _ = try await connection.expect(250, for: "DATA")
        } catch {
            throw SMTPError("write body buffer: \(error.reply?.description ?? error.message)")
        }
        _ = try? await connection.command("QUIT", expect: 221)
    }

    /// Upstream's choice of mechanism: the server's list in its order, the
    /// first that Argus supports and has credentials for.
    private func authenticate(_ connection: SMTPConnection, mechanisms: String) async throws(SMTPError) {
        guard !config.authUsername.isEmpty else { return }
        var problems: [String] = []
        for mechanism in mechanisms.split(separator: " ").map(String.init) {
            guard mechanism == "PLAIN" || mechanism == "LOGIN" else { continue }
            let password: String
            do {
                password = try self.password()
            } catch {
                problems.append(error.message)
                continue
            }
            if password.isEmpty {
                problems.append("missing password for \(mechanism) auth mechanism")
                continue
            }
            if mechanism == "PLAIN" {
                try await plain(connection, password: password)
            } else {
                try await login(connection, password: password)
            }
            return
        }
        if problems.isEmpty { problems.append("unknown auth mechanism: " + mechanisms) }
        let joined =
            problems.count == 1 ? problems[0] : "\(problems.count) errors occurred: " + problems.joined(separator: "; ")
        throw SMTPError("find auth mechanism: \(joined)")
    }

    private func password() throws(SMTPError) -> String {
        guard !config.authPasswordFile.isEmpty else { return config.authPassword?.value ?? "" }
        do {
            return try String(contentsOfFile: config.authPasswordFile, encoding: .utf8)
        } catch {
            throw SMTPError("could not read \(config.authPasswordFile): \(error.localizedDescription)")
        }
    }

    private func plain(_ connection: SMTPConnection, password: String) async throws(SMTPError) {
        let host = config.smarthost.host
        guard connection.isTLS || host == "localhost" || host == "127.0.0.1" || host == "::1" else {
            throw SMTPError("*smtp.plainAuth auth: unencrypted connection")
        }
        let credentials = Data("\(config.authIdentity)\u{0}\(config.authUsername)\u{0}\(password)".utf8)
        do {
            try await connection.command("AUTH PLAIN \(credentials.base64EncodedString())", expect: 235, name: "AUTH")
        } catch {
            throw SMTPError("*smtp.plainAuth auth: \(error.reply?.description ?? error.message)")
        }
    }

    private func login(_ connection: SMTPConnection, password: String) async throws(SMTPError) {
        do throws(SMTPError) {
            var reply = try await connection.command("AUTH LOGIN", expect: 3, name: "AUTH")
            while reply.code == 334 {
                let challenge = Data(base64Encoded: reply.message).map { String(decoding: $0, as: UTF8.self) } ?? ""
                let answer: String
                switch challenge.lowercased() {
                case "username:": answer = config.authUsername
                case "password:": answer = password
                default: throw SMTPError("unexpected server challenge")
                }
                try await connection.write(Array((Data(answer.utf8).base64EncodedString() + "\r\n").utf8))
                reply = try await connection.readReply()
            }
            guard reply.code == 235 else { throw SMTPError(reply.description, reply: reply) }
        } catch {
            throw SMTPError("*email.loginAuth auth: \(error.reply?.description ?? error.message)")
        }
    }
}
