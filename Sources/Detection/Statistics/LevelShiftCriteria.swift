/// What makes a drop in the daily peaks a level shift (a step) rather than part of a trend; the
/// rule that uses it owns the values (`falling_traffic`'s `step_*` thresholds).
public struct LevelShiftCriteria: Hashable, Sendable, Codable {
    /// Days either side of a split that are compared (each side's flank).
    public var flankDays: Int
    /// The least days after the split: a step this recent is judged on fewer days after it.
    public var minimumAfterDays: Int
    /// How far back the split is looked for, in days.
    public var searchDays: Int
    /// The least drop, as a fraction of the level before (0.1: 10 % lower).
    public var minimumDrop: Double
    /// The drop must be at least this many times the day-to-day noise of the flanks.
    public var noiseRatio: Double
    /// Each flank is flat: its least-squares line moves at most this fraction of the drop across it.
    public var flatness: Double
    /// The least known fraction of each flank.
    public var minimumKnownFraction: Double
    /// The weekly period, in days, removed before judging.
    public var weeklyPeriod: Int

    /// Criteria from the rule's thresholds.
    public init(flankDays: Int = 28, minimumAfterDays: Int = 7, searchDays: Int = 456, minimumDrop: Double = 0.10,
                noiseRatio: Double = 4, flatness: Double = 0.25, minimumKnownFraction: Double = 0.8, weeklyPeriod: Int = 7) {
        self.flankDays = flankDays
        self.minimumAfterDays = minimumAfterDays
        self.searchDays = searchDays
        self.minimumDrop = minimumDrop
        self.noiseRatio = noiseRatio
        self.flatness = flatness
        self.minimumKnownFraction = minimumKnownFraction
        self.weeklyPeriod = weeklyPeriod
    }
}
