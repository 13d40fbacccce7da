import ArgusConfig
import ArgusTesting
import Foundation
import Logging
import Testing

@testable import Alertmanager

@Suite struct EmailNotifierTests {
    /// A running SMTP sink (python3 with aiosmtpd) and the directory it writes messages to.
    final class Sink {
        let process: BackgroundProcess
        let directory: URL
        let port: Int

        init(_ options: [String] = []) async throws {
            directory = try Fixtures.temporaryDirectory("am-smtp")
            port = BackgroundProcess.freePort()
            let script = Fixtures.testFixture("AlertmanagerTests", "email/smtp_sink.py").path
            guard let python = Peer.locate("python3") else { throw PeerError(message: "python3 not found") }
            process = try BackgroundProcess.start(
                python, [script, String(port), directory.path] + options, in: directory)
            try await process.waitForLog("READY", timeout: .seconds(30))
        }

        deinit {
            _ = process.stop(grace: .milliseconds(200))
            try? FileManager.default.removeItem(at: directory)
        }

        func message(_ n: Int = 1) throws -> [String: Any] {
            let data = try Data(contentsOf: directory.appendingPathComponent("message-\(n).json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        var messageCount: Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter {
                $0.hasSuffix(".json")
            }.count
        }
    }

    static var sinkAvailable: Bool {
        if Peer.pythonModuleAvailable("aiosmtpd") { return true }
        print("skipping: python3 with aiosmtpd is not installed (pip install aiosmtpd)")
        return false
    }

    static func config(port: Int, configure: (inout EmailConfig) -> Void = { _ in }) throws -> EmailConfig {
        var config = EmailConfig(to: "Ops <ops@example.com>, dev@example.com")
        config.from = "Alertmanager <am@example.com>"
        config.smarthost = try SMTPHostPort(parsing: "127.0.0.1:\(port)")
        config.hello = "argus.test"
        config.requireTLS = false
        configure(&config)
        return config
    }

    static func notify(_ config: EmailConfig, alerts: [Alert]? = nil) async throws(NotifyError) {
        let notifier: EmailNotifier
        do {
            notifier = try EmailNotifier(
                config: config, template: try NotificationTemplate(), logger: Logger(label: "test"))
        } catch {
            throw NotifyError(retryable: false, message: "\(error)")
        }
        try await notifier.notify(
            alerts ?? [NotificationFixtures.firing, NotificationFixtures.resolved],
            context: NotificationFixtures.context())
    }

    @Test func encodesHeadersAndBodiesAsGo() async throws {
        #expect(QuotedPrintable.encodeHeaderWord("plain ASCII\tok") == "plain ASCII\tok")
        #expect(QuotedPrintable.encodeHeaderWord("Grüße an_alle?") == "=?utf-8?q?Gr=C3=BC=C3=9Fe_an=5Falle=3F?=")
        let long = String(repeating: "é", count: 30)
        #expect(
            QuotedPrintable.encodeHeaderWord(long)
                == "=?utf-8?q?" + String(repeating: "=C3=A9", count: 10) + "?= =?utf-8?q?"
                + String(repeating: "=C3=A9", count: 10) + "?= =?utf-8?q?" + String(repeating: "=C3=A9", count: 10)
                + "?=")
        #expect(
            String(decoding: QuotedPrintable.encode("a=b \nc\r\nd é\t"), as: UTF8.self)
                == "a=3Db=20\r\nc\r\nd =C3=A9=09")
        let wrapped = String(decoding: QuotedPrintable.encode(String(repeating: "x", count: 80)), as: UTF8.self)
        #expect(wrapped == String(repeating: "x", count: 75) + "=\r\n" + String(repeating: "x", count: 5))
        #expect(
            String(decoding: EmailMessage.dotStuffed(Array(".a\nb\r\n..c".utf8)), as: UTF8.self)
                == "..a\r\nb\r\n...c\r\n.\r\n")
        #expect(try MailAddress.parseList(#""Ops, Team" <ops@x.org>, dev@y.org"#) == ["ops@x.org", "dev@y.org"])
        #expect(throws: MailAddress.ParseError.self) { try MailAddress.parseList("nobody") }
    }

    @Test func deliversMultipartMessage() async throws {
        guard Self.sinkAvailable else { return }
        let sink = try await Sink()
        let config = try Self.config(port: sink.port) { config in
            config.text = #"{{ template "__subject" . }}: {{ .CommonAnnotations.summary }} é"#
            config.headers = ["X-Team": "{{ .GroupLabels.alertname }}", "Subject": "Alarm für {{ .Status }}"]
        }
        try await Self.notify(config)
        let message = try sink.message()
        #expect(message["mail_from"] as? String == "am@example.com")
        #expect(message["rcpt_tos"] as? [String] == ["ops@example.com", "dev@example.com"])
        #expect(message["tls"] as? Bool == false)
        let headers = try #require(message["headers"] as? [String: String])
        #expect(headers["From"] == "Alertmanager <am@example.com>")
        #expect(headers["To"] == "Ops <ops@example.com>, dev@example.com")
        #expect(headers["Subject"] == "Alarm für firing")
        #expect(headers["X-Team"] == "HighLatency")
        #expect(headers["MIME-Version"] == "1.0")
        #expect(headers["Date"] == "Tue, 14 Nov 2023 22:13:20 +0000")
        #expect(headers["Message-Id"]?.hasPrefix("<1700000000000000000.") == true)
        #expect(headers["Content-Type"]?.hasPrefix("multipart/alternative;") == true)
        let raw = try #require(message["raw"] as? String)
        #expect(raw.contains("Subject: =?utf-8?q?Alarm_f=C3=BCr_firing?=\r\n"))
        let parts = try #require(message["parts"] as? [[String: String]])
        #expect(parts.map { $0["type"] } == ["text/plain", "text/html"])
        #expect(parts.first?["body"] == "[FIRING:1] HighLatency (api page): p99 above 1s é")
        let html = try #require(parts.last?["body"])
        #expect(html.contains("runbook = http://wiki/x?a=1&amp;b=2<br>"))
        #expect(html.contains("<title>[FIRING:1] HighLatency (api page)</title>"))
    }

    @Test func startTLSThenAuthPlain() async throws {
        guard Self.sinkAvailable else { return }
        let directory = try Fixtures.temporaryDirectory("am-smtp-cert")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (cert, key) = (
            directory.appendingPathComponent("cert.pem").path, directory.appendingPathComponent("key.pem").path
        )
        guard let openssl = Peer.locate("openssl") else {
            #expect(!Peer.isCI, "openssl is missing")
            print("skipping: openssl is not installed")
            return
        }
        let generated = try await Peer.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj",
                "/CN=127.0.0.1",
            ])
        #expect(generated.status == 0, "\(generated.stderrString)")
        // aiosmtpd lists LOGIN first, which Alertmanager would pick.
        let sink = try await Sink(["--tls", cert, key, "--user", "alice", "s3cret", "--only", "PLAIN"])
        var config = try Self.config(port: sink.port) { config in
            config.requireTLS = true
            config.tlsConfig.insecureSkipVerify = true
            config.authUsername = "alice"
            config.authPassword = Secret("s3cret")
        }
        try await Self.notify(config)
        let message = try sink.message()
        #expect(message["tls"] as? Bool == true)
        #expect(message["auth"] as? String == "PLAIN")

        config.authPassword = Secret("wrong")
        do {
            try await Self.notify(config)
            Issue.record("a wrong password was accepted")
        } catch {
            #expect(error.retryable)
            #expect(error.message.contains("*smtp.plainAuth auth: 535"), "\(error.message)")
        }
    }

    @Test func authLoginOverPlainConnection() async throws {
        guard Self.sinkAvailable else { return }
        let sink = try await Sink(["--user", "bob", "pw", "--only", "LOGIN"])
        let config = try Self.config(port: sink.port) { config in
            config.authUsername = "bob"
            config.authPassword = Secret("pw")
        }
        try await Self.notify(config, alerts: [NotificationFixtures.firing])
        let message = try sink.message()
        #expect(message["auth"] as? String == "LOGIN")
        #expect(message["tls"] as? Bool == false)
    }

    @Test func requireTLSFailsWithoutStartTLS() async throws {
        guard Self.sinkAvailable else { return }
        let sink = try await Sink()
        let config = try Self.config(port: sink.port) { $0.requireTLS = true }
        await #expect(
            throws: NotifyError(
                retryable: true,
                message:
                    #"'require_tls' is true (default) but "127.0.0.1:\#(sink.port)" does not advertise the STARTTLS extension"#
            )
        ) { try await Self.notify(config) }
        #expect(sink.messageCount == 0)
    }

    @Test func badAddressesAreNotRetried() async throws {
        let config = try Self.config(port: 1) { $0.to = "nobody" }
        await #expect(
            throws: NotifyError(retryable: false, message: "parse 'to' addresses: mail: missing '@' or angle-addr")
        ) { try await Self.notify(config) }
        let refused = try Self.config(port: 1)
        do {
            try await Self.notify(refused)
            Issue.record("sent to a closed port")
        } catch {
            #expect(error.retryable && error.message.hasPrefix("establish connection to server: "))
        }
    }
}
