import ArgusConfig
import AsyncHTTPClient
import OutboundHTTP

extension HTTPClientConfig {
    /// Refuses schemes other than http and https. `section` names the
    /// config (`remote_write`, `remote_read`) in the message.
    func checkRemoteSupport(section: String, url: ConfigURL) throws(RemoteStorageError) {
        guard url.scheme == "http" || url.scheme == "https" else {
            throw RemoteStorageError(.unsupportedConfig, "\(section) \(url.string): scheme must be http or https")
        }
    }
}

extension HTTPClients {
    /// The client for a remote endpoint's `tls_config` and proxy; a setting that
    /// cannot be loaded is refused naming the endpoint.
    func client(for config: HTTPClientConfig, section: String, url: ConfigURL, directory: String)
        throws(RemoteStorageError) -> OutboundClient
    {
        do {
            return try client(for: config, directory: directory)
        } catch {
            throw RemoteStorageError(.unsupportedConfig, "\(section) \(url.string): \(error)")
        }
    }
}
