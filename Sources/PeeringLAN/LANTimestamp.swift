#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ISO 8601 UTC text for capture timestamps (nanoseconds since the epoch).
enum LANTimestamp {
    /// `2026-11-25T02:55:00.123456Z` (microseconds; whole seconds when `fraction` is false).
    static func iso8601(nanoseconds: Int64, fraction: Bool = true) -> String {
        var seconds = time_t(nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000)
        let micros = Int((nanoseconds - Int64(seconds) * 1_000_000_000) / 1_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
        text += "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if fraction { text += "." + pad(Int32(micros), 6) }
        return text + "Z"
    }
}
