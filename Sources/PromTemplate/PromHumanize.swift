import ArgusCore
import GoTemplate

/// Prometheus' number formatting functions (`humanize`, `humanize1024`, `humanizeDuration`,
/// `humanizePercentage`, `humanizeTimestamp`) and the conversions behind them, from
/// `prometheus/common/helpers/templates`.
public enum PromHumanize {
    /// `ConvertToFloat`: numbers as they are, strings parsed like `strconv.ParseFloat`, a
    /// `time.Duration` in seconds; anything else is an error.
    public static func convertToFloat(_ value: TemplateValue) throws(TemplateFunctionError) -> Double {
        switch value {
        case .float(let f): return f
        case .int(let i): return Double(i)
        case .string(let s): return try parseFloat(s)
        case .object(let object):
            if let duration = object as? TemplateDuration, !duration.isPointer { return duration.duration.seconds }
            throw TemplateFunctionError("can't convert \(object.typeName) to float")
        case .nil: throw TemplateFunctionError("can't convert <nil> to float")
        default: throw TemplateFunctionError("can't convert \(value.typeName) to float")
        }
    }

    /// `strconv.ParseFloat(s, 64)` with Go's error messages.
    public static func parseFloat(_ s: String) throws(TemplateFunctionError) -> Double {
        guard let value = GoFloat.parseAllowingSeparators(s) else {
            throw TemplateFunctionError("strconv.ParseFloat: parsing \(GoString.quote(s)): invalid syntax")
        }
        if value.isInfinite {
            var word = s.lowercased()
            if word.hasPrefix("+") || word.hasPrefix("-") { word.removeFirst() }
            if word != "inf" && word != "infinity" {
                throw TemplateFunctionError("strconv.ParseFloat: parsing \(GoString.quote(s)): value out of range")
            }
        }
        return value
    }

    private static func g4(_ value: Double, _ suffix: String = "") -> String {
        GoFormatter.sprintf("%.4g", [.float(value)]) + suffix
    }

    /// `humanize`: SI prefixes (`1.235M`, `120m`), four significant digits.
    public static func humanize(_ value: Double) -> String {
        var v = value
        if v == 0 || v.isNaN || v.isInfinite { return g4(v) }
        if abs(v) >= 1 {
            var prefix = ""
            for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
                if abs(v) < 1000 { break }
                prefix = p
                v /= 1000
            }
            return g4(v, prefix)
        }
        var prefix = ""
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = p
            v *= 1000
        }
        return g4(v, prefix)
    }

    /// `humanize1024`: binary prefixes (`1Mi`, `1.177Mi`).
    public static func humanize1024(_ value: Double) -> String {
        var v = value
        if abs(v) <= 1 || v.isNaN || v.isInfinite { return g4(v) }
        var prefix = ""
        for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
            if abs(v) < 1024 { break }
            prefix = p
            v /= 1024
        }
        return g4(v, prefix)
    }

    /// `humanizeDuration`: seconds as `1d 2h 3m 4s`, `1.234s` or `100ms`.
    public static func humanizeDuration(_ value: Double) -> String {
        var v = value
        if v.isNaN || v.isInfinite { return g4(v) }
        if v == 0 { return g4(v, "s") }
        if abs(v) >= 1 {
            var sign = ""
            if v < 0 {
                sign = "-"
                v = -v
            }
            let duration = v >= 9.223372036854775807e18 ? Int64.max : Int64(v)
            let seconds = duration % 60
            let minutes = (duration / 60) % 60
            let hours = (duration / 60 / 60) % 24
            let days = duration / 60 / 60 / 24
            if days != 0 { return "\(sign)\(days)d \(hours)h \(minutes)m \(seconds)s" }
            if hours != 0 { return "\(sign)\(hours)h \(minutes)m \(seconds)s" }
            if minutes != 0 { return "\(sign)\(minutes)m \(seconds)s" }
            return sign + g4(v, "s")
        }
        var prefix = ""
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = p
            v *= 1000
        }
        return g4(v, prefix + "s")
    }

    /// `humanizePercentage`: a ratio as a percentage (`12.35%`).
    public static func humanizePercentage(_ value: Double) -> String {
        g4(value * 100, "%")
    }

    /// `humanizeTimestamp`: Unix seconds as a UTC time (`2015-06-23 13:19:44.128 +0000 UTC`),
    /// NaN and infinities as they are.
    public static func humanizeTimestamp(_ value: Double) throws(TemplateFunctionError) -> String {
        if value.isNaN || value.isInfinite { return g4(value) }
        return try floatToTime(value).description
    }

    /// `FloatToTime`: Unix seconds to a time, with millisecond precision as Prometheus keeps it.
    public static func floatToTime(_ value: Double) throws(TemplateFunctionError) -> GoTime {
        if value.isNaN || value.isInfinite { throw TemplateFunctionError("value is NaN or Inf") }
        let nanoseconds = value * 1e9
        if nanoseconds > 9.223372036854775807e18 || nanoseconds < -9.223372036854775808e18 {
            throw TemplateFunctionError(
                "\(GoFormatter.sprint([.float(value)])) cannot be represented as a nanoseconds timestamp since it overflows int64"
            )
        }
        let nanos = nanoseconds >= 9.223372036854775807e18 ? Int64.min : Int64(nanoseconds)
        return GoTime(unixMilliseconds: nanos / 1_000_000)
    }
}
