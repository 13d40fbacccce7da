import ArgusConfig
import AsyncHTTPClient

extension HTTPClientConfig {
    /// Refuses what the remote-storage clients cannot honour yet: proxies,
    /// and schemes other than http and https. `section` names the config
    /// (`remote_write`, `remote_read`) in the message.
    func checkRemoteSupport(section: String, url: ConfigURL) throws(RemoteStorageError) {
        if proxyURL != nil || proxyFromEnvironment {
            throw RemoteStorageError(
                .unsupportedConfig,
                "\(section) \(url.string): proxy_url and proxy_from_environment are not supported yet")
        }
        guard url.scheme == "http" || url.scheme == "https" else {
            throw RemoteStorageError(.unsupportedConfig, "\(section) \(url.string): scheme must be http or https")
        }
    }
}

extension HTTPClients {
    /// The client for a remote endpoint's `tls_config`; a setting that
    /// cannot be loaded is refused naming the endpoint.
    func client(for config: HTTPClientConfig, section: String, url: ConfigURL, directory: String)
        throws(RemoteStorageError) -> HTTPClient
    {
        do {
            return try client(for: config.tlsConfig, directory: directory)
        } catch {
            throw RemoteStorageError(.unsupportedConfig, "\(section) \(url.string): \(error)")
        }
    }
}
