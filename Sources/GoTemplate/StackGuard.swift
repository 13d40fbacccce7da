#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tells recursive code when the current thread's stack is nearly used up, so that deeply nested
/// templates fail with an error instead of crashing. Depth counters alone cannot promise that:
/// stacks differ between threads (8 MiB for a main thread, 512 KiB for some pool threads) and
/// frames differ between debug and release builds.
struct StackGuard {
    /// Stack kept free below the deepest point recursion may reach.
    static let reserve: UInt = 192 * 1024

    /// The lowest stack address recursion may reach; 0 when the stack bounds are unknown.
    private let limit: UInt

    /// Reads the bounds of the calling thread's stack (cached per thread: on Linux the main
    /// thread's bounds come from `/proc/self/maps`).
    init() {
        let low = ThreadStackBounds.lowAddress()
        limit = low == 0 ? 0 : low + Self.reserve
    }

    /// Whether there is room for one more level of recursion.
    @inline(never)
    func hasRoom() -> Bool {
        guard limit != 0 else { return true }
        var marker: UInt8 = 0
        let address = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        return address > limit
    }
}

/// The lowest address of each thread's stack, looked up once per thread.
private enum ThreadStackBounds {
    /// Marks "bounds unknown" in the per-thread slot (a null slot means "not looked up yet").
    private static let unknown: UInt = 1

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static func lowAddress() -> UInt {
        if let cached = pthread_getspecific(key) {
            let value = UInt(bitPattern: cached)
            return value == unknown ? 0 : value
        }
        let low = lookUp()
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: low == 0 ? unknown : low))
        return low
    }

    #if canImport(Glibc)
        private typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32

        // pthread_getattr_np is a GNU extension the Glibc module does not import.
        private static let getAttributes: GetAttributes? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
            return unsafeBitCast(symbol, to: GetAttributes.self)
        }()
    #endif

    private static func lookUp() -> UInt {
        #if canImport(Glibc)
            guard let getAttributes else { return 0 }
            var attributes = pthread_attr_t()
            guard getAttributes(pthread_self(), &attributes) == 0 else { return 0 }
            defer { pthread_attr_destroy(&attributes) }
            var address: UnsafeMutableRawPointer?
            var size = 0
            guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return 0 }
            return UInt(bitPattern: address)
        #elseif canImport(Darwin)
            let high = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
            let size = UInt(pthread_get_stacksize_np(pthread_self()))
            return high > size ? high - size : 0
        #else
            return 0
        #endif
    }
}
