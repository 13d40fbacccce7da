#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `timex`: the kernel clock discipline state from `adjtimex(2)`: offset,
/// frequency, error estimates, PPS counters and whether the clock is
/// synchronised.
struct TimexCollector: NodeCollector {
    static let name = "timex"
    static let enabledByDefault = true

    /// `TIME_ERROR`: the clock is not synchronised.
    private static let timeError: Int32 = 5
    /// `STA_NANO`: offsets are in nanoseconds instead of microseconds.
    private static let statusNano: Int32 = 0x2000
    /// Scaled ppm: parts per million with a 16-bit fraction.
    private static let ppm16frac = 1_000_000.0 * 65536.0

    init(environment: NodeEnvironment) {}

    func update(_ metrics: inout NodeMetrics) throws {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            try read(&metrics)
        #else
            throw NodeCollectorError.noData("adjtimex is only read on 64-bit Linux")
        #endif
    }

    #if os(Linux) && (arch(x86_64) || arch(arm64))
        private typealias AdjtimexFunction = @convention(c) (UnsafeMutableRawPointer) -> Int32

        /// The C library's `adjtimex`; Glibc's Swift module leaves out `<sys/timex.h>`.
        private static let adjtimex: AdjtimexFunction? = {
            guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "adjtimex") else { return nil }
            return unsafeBitCast(symbol, to: AdjtimexFunction.self)
        }()

        /// `struct timex` of 64-bit Linux: its size and the byte offsets of the fields read.
        private enum Layout {
            static let size = 208
            static let offset = 8, freq = 16, maxerror = 24, esterror = 32, status = 40, constant = 48
            static let tick = 88, ppsfreq = 96, jitter = 104, shift = 112, stabil = 120
            static let jitcnt = 128, calcnt = 136, errcnt = 144, stbcnt = 152, tai = 160
        }

        private func read(_ metrics: inout NodeMetrics) throws {
            guard let adjtimex = Self.adjtimex else { throw NodeCollectorError.noData("adjtimex is not available") }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: Layout.size, alignment: 8)
            defer { buffer.deallocate() }
            // All zero: modes 0 only reads the state.
            buffer.initializeMemory(as: UInt8.self, repeating: 0, count: Layout.size)
            let state = adjtimex(buffer)
            guard state >= 0 else {
                let code = errno
                if code == EPERM || code == EACCES { throw NodeCollectorError.noData("adjtimex is not permitted") }
                throw NodeCollectorError.unreadable(path: "adjtimex(2)", reason: HostFiles.errorText(code))
            }
            func long(_ offset: Int) -> Double { Double(buffer.load(fromByteOffset: offset, as: Int64.self)) }
            func int(_ offset: Int) -> Double { Double(buffer.load(fromByteOffset: offset, as: Int32.self)) }
            let status = buffer.load(fromByteOffset: Layout.status, as: Int32.self)
            let divisor = status & Self.statusNano != 0 ? 1e9 : 1e6
            func gauge(_ name: String, _ help: String, _ value: Double) {
                metrics.add("node_timex_" + name, help: help, type: .gauge, value: value)
            }
            func counter(_ name: String, _ help: String, _ value: Double) {
                metrics.add("node_timex_" + name, help: help, type: .counter, value: value)
            }
            gauge(
                "sync_status", "Is clock synchronized to a reliable server (1 = yes, 0 = no).",
                state == Self.timeError ? 0 : 1)
            gauge(
                "offset_seconds", "Time offset in between local system and reference clock.",
                long(Layout.offset) / divisor)
            gauge(
                "frequency_adjustment_ratio", "Local clock frequency adjustment.",
                1 + long(Layout.freq) / Self.ppm16frac)
            gauge("maxerror_seconds", "Maximum error in seconds.", long(Layout.maxerror) / 1e6)
            gauge("estimated_error_seconds", "Estimated error in seconds.", long(Layout.esterror) / 1e6)
            gauge("status", "Value of the status array bits.", Double(status))
            gauge("loop_time_constant", "Phase-locked loop time constant.", long(Layout.constant))
            gauge("tick_seconds", "Seconds between clock ticks.", long(Layout.tick) / 1e6)
            gauge("pps_frequency_hertz", "Pulse per second frequency.", long(Layout.ppsfreq) / Self.ppm16frac)
            gauge("pps_jitter_seconds", "Pulse per second jitter.", long(Layout.jitter) / divisor)
            gauge("pps_shift_seconds", "Pulse per second interval duration.", int(Layout.shift))
            gauge(
                "pps_stability_hertz", "Pulse per second stability, average of recent frequency changes.",
                long(Layout.stabil) / Self.ppm16frac)
            counter(
                "pps_jitter_total", "Pulse per second count of jitter limit exceeded events.", long(Layout.jitcnt))
            counter("pps_calibration_total", "Pulse per second count of calibration intervals.", long(Layout.calcnt))
            counter("pps_error_total", "Pulse per second count of calibration errors.", long(Layout.errcnt))
            counter(
                "pps_stability_exceeded_total", "Pulse per second count of stability limit exceeded events.",
                long(Layout.stbcnt))
            gauge("tai_offset_seconds", "International Atomic Time (TAI) offset.", int(Layout.tai))
        }
    #endif
}
