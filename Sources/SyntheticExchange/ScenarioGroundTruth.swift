/// What a scenario is known to contain, for backtests: the verdict a detector must reach and
/// from when, and the dates at which each symptom becomes true. Times are seconds since 1970.
public struct ScenarioGroundTruth: Sendable, Hashable, Codable {
    /// The overall verdict a zombie-IXP detector must reach.
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// No zombie symptoms that persist: must not raise a zombie finding.
        case healthy
        /// Declining exchange: must raise a zombie finding.
        case zombie
        /// Too little history to judge: must abstain (say so), neither healthy nor zombie.
        case insufficientHistory = "insufficient_history"
    }

    /// The verdict.
    public var verdict: Verdict
    /// A detector run at or after this time, on the data up to then, must reach `verdict`.
    public var verdictFrom: Double
    /// In words: what a detector must conclude, and when.
    public var conclusion: String
    /// First and last (exclusive) second of history.
    public var historyStart: Double, historyEnd: Double

    /// When the exchange-wide decline begins (traffic starts to fall); nil if none.
    public var declineStart: Double?
    /// When the decline reaches `declineFactor` (and stays there).
    public var declineReached: Double?
    /// Traffic after the decline relative to before (0.7 = −30 %).
    public var declineFactor: Double?

    /// When the exchange's traffic steps down once and stays at its new level (a member moving
    /// traffic to a private interconnect); nil if never.
    public var stepTime: Double?
    /// The member whose traffic stepped down.
    public var stepMember: UInt32?
    /// The exchange's member traffic just after the step relative to just before (0.7 = −30 %).
    public var stepFactor: Double?

    /// Members who joined during the history, in time order.
    public var joins: [MembershipChange] = []
    /// Members who left during the history, in time order.
    public var leaves: [MembershipChange] = []
    /// The last join during the history (nil: nobody joined).
    public var lastJoin: Double? { joins.map(\.time).max() }

    /// Ports that go idle, with the dates.
    public var idlePorts: [IdlePort] = []

    /// Members the ping probe reaches over more than 10 ms (remote peering), ascending.
    public var remoteMembers: [UInt32] = []
    /// Members the ping probe reaches in under 2 ms (local), ascending.
    public var localMembers: [UInt32] = []

    /// The member carrying the largest share of traffic at the end.
    public var dominantMember: UInt32?
    /// That member's share of the expected member traffic at the end (0…1).
    public var dominantShare: Double?
    /// The largest share any one member has at any monthly point of the history (0…1).
    public var maximumMemberShare: Double = 0
    /// Expected (noise-free) growth of the exchange's weekday peak, annualised over the
    /// history, dips excluded (0.25 = +25 % a year).
    public var trafficGrowthPerYear: Double = 0

    /// Temporary dips (they must not count as a decline once recovered).
    public var dips: [TrafficDip] = []
    /// Counter resets (must give an unknown interval, never a spike or a zero).
    public var counterResets: [CounterReset] = []
    /// Spans without data (unknown, never zero traffic).
    public var gaps: [DataGap] = []

    /// Every dated fact above, in time order, as one line each.
    public var events: [GroundTruthEvent] = []

    /// Creates ground truth with no symptoms.
    public init(verdict: Verdict, verdictFrom: Double, conclusion: String, historyStart: Double, historyEnd: Double) {
        self.verdict = verdict
        self.verdictFrom = verdictFrom
        self.conclusion = conclusion
        self.historyStart = historyStart
        self.historyEnd = historyEnd
    }
}

/// A member joining or leaving.
public struct MembershipChange: Sendable, Hashable, Codable {
    /// The member's ASN.
    public var asn: UInt32
    /// The member's name.
    public var name: String
    /// When.
    public var time: Double

    /// Creates a change.
    public init(asn: UInt32, name: String, time: Double) {
        self.asn = asn
        self.name = name
        self.time = time
    }
}

/// A port that goes idle.
public struct IdlePort: Sendable, Hashable, Codable {
    /// The port's labels.
    public var switchName: String, interface: String
    /// Its member.
    public var asn: UInt32
    /// When its traffic starts to fade.
    public var fadeStart: Double
    /// From this time on every sample is below 0.5 % of the port's speed (idle).
    public var idleSince: Double
    /// `idleSince` + 45 days: from then a "45 days idle" rule must flag the port.
    public var idle45Days: Double
    /// Whether the port is also operationally down from `idleSince`.
    public var operDown: Bool

    /// Creates an idle port.
    public init(switchName: String, interface: String, asn: UInt32, fadeStart: Double, idleSince: Double, operDown: Bool) {
        self.switchName = switchName
        self.interface = interface
        self.asn = asn
        self.fadeStart = fadeStart
        self.idleSince = idleSince
        self.idle45Days = idleSince + 45 * 86_400
        self.operDown = operDown
    }
}

/// One dated fact of the ground truth.
public struct GroundTruthEvent: Sendable, Hashable, Codable {
    /// When.
    public var time: Double
    /// A short machine-friendly tag, e.g. `decline_start`, `last_join`, `idle_since`.
    public var tag: String
    /// What happens, in words.
    public var detail: String

    /// Creates an event.
    public init(time: Double, tag: String, detail: String) {
        self.time = time
        self.tag = tag
        self.detail = detail
    }
}
