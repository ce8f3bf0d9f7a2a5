/// The rule by which a counter's growth between two readings is trusted, shared by the IF-MIB
/// probe (`InterfaceCounterTracker`) and the table poller (`TableCounterTracker`), so that both
/// treat wraps and resets the same way.
///
/// A counter that went up grew by the difference. A Counter32 that went down wrapped only when
/// the corrected growth, 2^32 − before + now, is at most `ceiling` (what the counter can
/// plausibly grow over the interval); otherwise, and for a Counter64 that went down, the
/// reading is rejected: the counter was reset or replaced, and the interval is unknown.
public enum CounterDelta {
    /// The growth from `before` to `now` of a counter `bits` wide (32 or 64), or nil when the
    /// decrease cannot be a wrap. `ceiling` nil: no wrap is plausible (the growth limit is unknown).
    public static func growth(from before: UInt64, to now: UInt64, bits: Int, ceiling: Double?) -> UInt64? {
        if now >= before { return now - before }
        guard bits == 32, let ceiling, ceiling > 0, before <= UInt64(UInt32.max) else { return nil }
        let wrapped = (UInt64(1) << 32) - before + now
        return Double(wrapped) <= ceiling ? wrapped : nil
    }

    /// The ceiling used for table counters, whose plausible growth is not known: a wrap is
    /// believed when the corrected growth is under half the 32-bit range.
    public static let halfRange32 = Double(UInt64(1) << 31)
}
