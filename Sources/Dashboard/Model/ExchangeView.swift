public import Detection

/// The exchange at a glance, for the exchange page.
public struct ExchangeView: Sendable, Hashable, Codable {
    /// The exchange's name.
    public var name: String
    /// When the detector last evaluated (seconds since the epoch); nil before its first run.
    public var evaluatedAt: Double?
    /// Members in the member list (else members with a mapped port); nil when unknown.
    public var members: Int?
    /// Members whose ports carried traffic in the last 24 hours; nil when unknown.
    public var activeMembers: Int?
    /// Member ports monitored.
    public var ports: Int
    /// Member ports up now; nil when unknown (no member port, or none with a known status).
    public var portsUp: Int?
    /// Switches the agent polls ports of, mapped to members or not.
    public var polledSwitches: Int
    /// Ports polled on those switches, mapped to members or not.
    public var polledPorts: Int
    /// Sum of member port speeds, bits per second; nil when unknown.
    public var capacityBitsPerSecond: Double?
    /// Aggregate traffic now, bits per second; nil when unknown.
    public var currentBitsPerSecond: Double?
    /// The peak of the last 24 hours, bits per second; nil when unknown.
    public var peakLastDayBitsPerSecond: Double?
    /// One verdict per zombie symptom, in the detector's order.
    public var symptoms: [SymptomView]
    /// Pending and firing findings, most severe first.
    public var activeFindings: [FindingView]

    /// An overview.
    public init(name: String, evaluatedAt: Double?, members: Int?, activeMembers: Int?, ports: Int, portsUp: Int?,
                capacityBitsPerSecond: Double?, currentBitsPerSecond: Double?, peakLastDayBitsPerSecond: Double?,
                symptoms: [SymptomView], activeFindings: [FindingView], polledSwitches: Int = 0, polledPorts: Int = 0) {
        self.name = name
        self.evaluatedAt = evaluatedAt
        self.members = members
        self.activeMembers = activeMembers
        self.ports = ports
        self.portsUp = portsUp
        self.polledSwitches = polledSwitches
        self.polledPorts = polledPorts
        self.capacityBitsPerSecond = capacityBitsPerSecond
        self.currentBitsPerSecond = currentBitsPerSecond
        self.peakLastDayBitsPerSecond = peakLastDayBitsPerSecond
        self.symptoms = symptoms
        self.activeFindings = activeFindings
    }

    /// True when the agent polls switches but no port is mapped to a member: the member
    /// figures are unknown and the traffic chart shows the polled ports' own traffic.
    public var hasUnmappedSwitches: Bool { polledPorts > 0 && ports == 0 }
}

/// The detector's verdict on one zombie-IXP symptom.
public struct SymptomView: Sendable, Hashable, Codable {
    /// The rule, e.g. `falling_traffic`.
    public var rule: String
    /// Its title, worded.
    public var title: String
    /// The verdict.
    public var verdict: Verdict
    /// One sentence on why.
    public var summary: String

    /// A verdict.
    public init(rule: String, title: String, verdict: Verdict, summary: String) {
        self.rule = rule
        self.title = title
        self.verdict = verdict
        self.summary = summary
    }
}
