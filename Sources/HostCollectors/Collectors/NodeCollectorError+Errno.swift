#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension NodeCollectorError {
    /// Whether a file could not be read because it does not exist (Go's
    /// `os.IsNotExist`), which several collectors treat as "no data".
    var isFileNotFound: Bool { isErrno(ENOENT) }

    /// Whether reading failed with `EOPNOTSUPP`, as `/proc/pressure/*` does
    /// when the kernel was booted with PSI disabled.
    var isNotSupported: Bool { isErrno(EOPNOTSUPP) }

    /// Whether a read failed with `EACCES` or `EPERM` (Go's `os.ErrPermission`).
    var isPermissionDenied: Bool { isErrno(EACCES) || isErrno(EPERM) }

    /// Whether opening or reading a file failed with error number `code`
    /// (`HostFiles` reports the number by its text, as Go prints it).
    func isErrno(_ code: Int32) -> Bool {
        guard case .unreadable(_, let reason) = self else { return false }
        return reason == HostFiles.errorText(code)
    }
}
