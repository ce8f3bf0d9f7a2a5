/// The per-second rate of a counter's growth over one poll, as the probes store it.
///
/// A poll never lasts exactly its interval: the reply that carries the counters arrives a few
/// milliseconds early or late, so `growth / measured seconds` is a float whose 52 mantissa bits
/// are all noise, and the store's compression (`ScaledCodec`) cannot see it as `n / interval`.
/// `perSecond` rounds the rate to the nearest multiple of `1 / interval`: the count the poll
/// would have seen had it lasted exactly its interval. The value is then exactly
/// `Double(n) / Double(interval)`, which the store keeps as the step between two integers
/// (2–3 bytes of a busy port's value instead of 7–8).
///
/// What the rounding changes: at most half a unit per interval, i.e. 1/120 byte/s on a 60 s
/// poll — far below what the timing itself blurs (1 ms of a 60 s poll is 1.7 × 10⁻⁵ of the
/// rate: 17 kB/s on a 1 GB/s port). A count is never lost: the exported counters (and totals)
/// keep the exact growth, and a small growth (an error, a discard, a trickle of frames: under
/// `seconds / |seconds − interval|` / 2) comes out as `growth / interval` exactly.
public enum PollRate {
    /// Largest `interval` (seconds) rounded to: a day. Longer or non-whole intervals are not rounded.
    public static let largestInterval = 86_400.0

    /// The scale `k` of the rates `perSecond` makes for a poll of `interval` seconds (they are
    /// `n / k`): the interval when it is a whole number of seconds from 1 to a day, else nil
    /// (not rounded). The store's `rateScales` are these.
    @inline(__always)
    public static func scale(ofInterval interval: Double?) -> Int? {
        guard let interval, interval >= 1, interval <= largestInterval, interval == interval.rounded() else { return nil }
        return Int(interval)
    }

    /// `growth / seconds`, rounded to the nearest multiple of `1 / interval` when the interval
    /// has a scale (`scale(ofInterval:)`; nil: not rounded). NaN when `seconds` is not positive.
    @inline(__always)
    public static func perSecond(_ growth: UInt64, seconds: Double, interval: Double?) -> Double {
        guard seconds > 0, seconds.isFinite else { return .nan }
        let exact = Double(growth) / seconds
        guard let scale = scale(ofInterval: interval) else { return exact }
        let interval = Double(scale)
        let count = (exact * interval).rounded()
        // Beyond 2^53 a Double holds no fraction to round, and n / interval is the exact rate.
        guard count < 9_007_199_254_740_992 else { return exact }
        return count / interval
    }
}
