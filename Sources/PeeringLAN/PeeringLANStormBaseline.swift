/// What the storm rules have learnt: the per-minute ARP and ND frame counts of the median
/// window (7 days by default), oldest first. The live probe hands it out so that the agent can
/// keep it in its state database, and takes it back at start, so that a restart does not leave
/// the median-based storm rule blind until the history has filled again.
public struct PeeringLANStormBaseline: Sendable, Hashable, Codable {
    /// ARP frames per closed minute, oldest first.
    public var arpMinutes: [UInt32]
    /// Neighbour solicitations and advertisements per closed minute, oldest first.
    public var ndMinutes: [UInt32]
    /// The last minute counted (minutes since the epoch), or nil when none was.
    public var lastMinute: Int64?

    /// A baseline.
    public init(arpMinutes: [UInt32] = [], ndMinutes: [UInt32] = [], lastMinute: Int64? = nil) {
        self.arpMinutes = arpMinutes
        self.ndMinutes = ndMinutes
        self.lastMinute = lastMinute
    }

    /// True when it holds no minute.
    public var isEmpty: Bool { arpMinutes.isEmpty && ndMinutes.isEmpty }
}

extension PeeringLANAnalyzer {
    /// The storm rules' history so far, for saving.
    public var stormBaseline: PeeringLANStormBaseline {
        PeeringLANStormBaseline(arpMinutes: arp.chronologicalHistory, ndMinutes: nd.chronologicalHistory,
                                lastMinute: lastClosedMinute)
    }

    /// Starts the storm rules from a saved history: its minutes count as the oldest of the
    /// window. The minutes the agent was down are not counted (nobody saw them). A baseline
    /// whose last minute is older than the window is ignored. Call before the first frame.
    public mutating func restoreStormBaseline(_ baseline: PeeringLANStormBaseline, nowNanoseconds: Int64) {
        if let last = baseline.lastMinute {
            let window = Int64(max(configuration.arp.stormMedianWindowMinutes, configuration.nd.stormMedianWindowMinutes))
            guard LANMinute.of(nowNanoseconds) - last <= window else { return }
        }
        arp.seedHistory(baseline.arpMinutes)
        nd.seedHistory(baseline.ndMinutes)
    }
}
