import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP session over a NIO channel: commands go out as lines, replies
/// (with `ddd-` continuation lines) come back parsed, and ``startTLS(_:serverHostname:)``
/// upgrades the connection in place.
final class SMTPConnection {
    private let channel: any Channel
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var pending: [UInt8] = []
    /// Whether the connection is encrypted (port 465 or after STARTTLS).
    private(set) var isTLS: Bool
    /// The extensions from the last EHLO reply, by upper-cased keyword.
    private(set) var extensions: [String: String] = [:]

    /// Connects to `host:port`, with TLS from the start when `implicitTLS` is
    /// given, and runs `body` on the session; the connection is closed after.
    static func withConnection<Result: Sendable>(
        host: String, port: Int, implicitTLS: TLSConfiguration?, serverHostname: String,
        _ body: (SMTPConnection) async throws(SMTPError) -> Result
    ) async throws(SMTPError) -> Result {
        let sslContext: NIOSSLContext?
        do {
            sslContext = try implicitTLS.map { try NIOSSLContext(configuration: $0) }
        } catch {
            throw SMTPError("parse TLS configuration: \(error)")
        }
        let asyncChannel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            asyncChannel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let sslContext {
                            let handler = try NIOSSLClientHandler(
                                context: sslContext, serverHostname: Self.sniName(serverHostname))
                            try channel.pipeline.syncOperations.addHandler(handler)
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            let what = implicitTLS == nil ? "establish connection to server" : "establish TLS connection to server"
            throw SMTPError("\(what): \(error)")
        }
        do {
            return try await asyncChannel.executeThenClose { inbound, outbound in
                let connection = SMTPConnection(
                    channel: asyncChannel.channel, inbound: inbound.makeAsyncIterator(), outbound: outbound,
                    isTLS: implicitTLS != nil)
                return try await body(connection)
            }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError("\(error)")
        }
    }

    private init(
        channel: any Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, isTLS: Bool
    ) {
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
        self.isTLS = isTLS
    }

    /// Server names are sent for SNI only when they are not IP addresses.
    private static func sniName(_ host: String) -> String? {
        host.isEmpty || host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
    }

    /// Reads the next reply and checks its code class: `expect` 2 accepts
    /// 2xx, 3 accepts 3xx; an exact three-digit code accepts only itself.
    func expect(_ expect: Int, for command: String) async throws(SMTPError) -> SMTPReply {
        let reply = try await readReply()
        let ok = expect < 10 ? reply.code / 100 == expect : reply.code == expect
        guard ok else { throw SMTPError("\(command): \(reply.description)", reply: reply) }
        return reply
    }

    /// Sends `line` and reads the reply, which must be of class `expect`.
    @discardableResult
    func command(_ line: String, expect: Int, name: String? = nil) async throws(SMTPError) -> SMTPReply {
        try await write(Array((line + "\r\n").utf8))
        return try await self.expect(expect, for: name ?? line)
    }

    /// Writes raw bytes.
    func write(_ bytes: [UInt8]) async throws(SMTPError) {
        do {
            try await outbound.write(ByteBuffer(bytes: bytes))
        } catch {
            throw SMTPError("write: \(error)")
        }
    }

    /// Sends EHLO (falling back to HELO as Go does) and records the extensions.
    func hello(_ name: String) async throws(SMTPError) {
        try await write(Array("EHLO \(name)\r\n".utf8))
        let reply = try await readReply()
        guard reply.code == 250 else {
            try await command("HELO \(name)", expect: 2)
            extensions = [:]
            return
        }
        var extensions: [String: String] = [:]
        for line in reply.lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let keyword = parts.first else { continue }
            extensions[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
        }
        self.extensions = extensions
    }

    /// Sends STARTTLS and, once the server agrees, wraps the connection in TLS.
    func startTLS(_ configuration: TLSConfiguration, serverHostname: String) async throws(SMTPError) {
        try await command("STARTTLS", expect: 220)
        do {
            let context = try NIOSSLContext(configuration: configuration)
            let name = Self.sniName(serverHostname)
            let channel = self.channel
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: name)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw SMTPError("\(error)")
        }
        isTLS = true
    }

    /// Reads one reply, joining its continuation lines.
    func readReply() async throws(SMTPError) -> SMTPReply {
        var lines: [String] = []
        var code = 0
        while true {
            let line = try await readLine()
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let parsed = Int(String(line.prefix(3))),
                bytes.count == 3 || bytes[3] == 0x20 || bytes[3] == 0x2D
            else {
                throw SMTPError("short response: \(line)")
            }
            code = parsed
            lines.append(bytes.count > 4 ? String(line.dropFirst(4)) : "")
            if bytes.count == 3 || bytes[3] == 0x20 { return SMTPReply(code: code, lines: lines) }
        }
    }

    private func readLine() async throws(SMTPError) -> String {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                var line = pending[..<newline]
                if line.last == 0x0D { line = line.dropLast() }
                pending.removeFirst(newline + 1)
                return String(decoding: line, as: UTF8.self)
            }
            let next: ByteBuffer?
            do {
                next = try await inbound.next()
            } catch {
                throw SMTPError("read: \(error)")
            }
            guard var buffer = next else { throw SMTPError("EOF") }
            pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        }
    }
}
