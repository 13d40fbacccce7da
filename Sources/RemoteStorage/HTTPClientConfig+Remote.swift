import ArgusConfig

extension HTTPClientConfig {
    /// Refuses what the remote-storage clients cannot honour yet: a
    /// `tls_config` other than the defaults, proxies, and schemes other than
    /// http and https. `section` names the config (`remote_write`,
    /// `remote_read`) in the message.
    func checkRemoteSupport(section: String, url: ConfigURL) throws(RemoteStorageError) {
        if tlsConfig != TLSConfig() {
            throw RemoteStorageError(
                .unsupportedConfig,
                "\(section) \(url.string): tls_config is not supported yet (https with the system's trust store is)")
        }
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
