import NIOCore
import NIOSSL

extension TLSConfig {
    /// A `tls_config` that NIOSSL cannot load (an unreadable or invalid
    /// certificate or key); the text starts with `tls_config:`.
    public struct SetupError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Whether `server_name` is an IP address, which the HTTP clients
    /// cannot check a certificate against (they would check the address
    /// connected to instead).
    public var serverNameIsIPAddress: Bool {
        !serverName.isEmpty && (try? SocketAddress(ipAddress: serverName, port: 0)) != nil
    }

    /// These settings as a NIOSSL client configuration, with files named
    /// relative to `directory`. `server_name` is left to the caller, since
    /// not every client can verify against another name.
    public func nioSSLConfiguration(directory: String) throws(SetupError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if insecureSkipVerify { configuration.certificateVerification = .none }
        do {
            if !ca.isEmpty {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(ca.utf8)))
            } else if !caFile.isEmpty {
                // Read now, so that a missing or broken file fails the configuration, as upstream.
                configuration.trustRoots = .certificates(
                    try NIOSSLCertificate.fromPEMFile(ConfigPaths.join(directory, caFile)))
            }
            if !cert.isEmpty {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(cert.utf8)).map {
                    .certificate($0)
                }
            } else if !certFile.isEmpty {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(
                    ConfigPaths.join(directory, certFile)
                ).map { .certificate($0) }
            }
            if let key = key?.value, !key.isEmpty {
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem))
            } else if !keyFile.isEmpty {
                configuration.privateKey = .privateKey(
                    try NIOSSLPrivateKey(file: ConfigPaths.join(directory, keyFile), format: .pem))
            }
        } catch {
            throw SetupError(description: "tls_config: \(error)")
        }
        if let minVersion { configuration.minimumTLSVersion = Self.nioVersion(minVersion) }
        if let maxVersion { configuration.maximumTLSVersion = Self.nioVersion(maxVersion) }
        return configuration
    }

    private static func nioVersion(_ version: Version) -> TLSVersion {
        switch version {
        case .tls10: return .tlsv1
        case .tls11: return .tlsv11
        case .tls12: return .tlsv12
        case .tls13: return .tlsv13
        }
    }
}
