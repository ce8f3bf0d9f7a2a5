/// What the peering-LAN captures saw in a recent interval: frame counts, frames by member-list
/// MAC and rule violations by source. The one shape of a LAN violation: the capture probe makes it, the detector's
/// `lan_violation` rule judges it and the dashboard's `/lan` page shows it, all through
/// ``combined(_:)``.
public struct LANObservations: Sendable, Hashable {
    /// One rule broken by one source.
    public struct Violation: Sendable, Hashable {
        /// The probe's rule id, e.g. `stp` or `ipv6_ra`.
        public var rule: String
        /// The rule's configured severity.
        public var severity: Severity
        /// The offending source MAC, `aa:bb:cc:dd:ee:ff`.
        public var mac: String
        /// Frames that broke the rule in the interval.
        public var frames: Int
        /// The member the MAC belongs to, if known.
        public var memberASN: UInt32?
        /// The first offending frame, decoded as one line.
        public var example: String?

        /// A violation.
        public init(rule: String, severity: Severity, mac: String, frames: Int, memberASN: UInt32?, example: String?) {
            self.rule = rule
            self.severity = severity
            self.mac = mac
            self.frames = frames
            self.memberASN = memberASN
            self.example = example
        }
    }

    /// The frames one MAC of the member list sent in the interval.
    public struct MACFrames: Sendable, Hashable {
        /// The source MAC, `aa:bb:cc:dd:ee:ff`.
        public var mac: String
        /// The member the list gives it to.
        public var memberASN: UInt32?
        /// Frames with this source MAC in the interval.
        public var frames: Double

        /// A MAC's frames.
        public init(mac: String, memberASN: UInt32?, frames: Double) {
            self.mac = mac
            self.memberASN = memberASN
            self.frames = frames
        }
    }

    /// The interface observed.
    public var interface: String
    /// When the interval closed, seconds since the epoch.
    public var time: Double
    /// Frames received (analysed) in the interval.
    public var receivedFrames: Double
    /// Frames dropped (by the capture or the interface) in the interval.
    public var droppedFrames: Double
    /// Rules broken, by source.
    public var violations: [Violation]
    /// Violation frames whose source did not fit in the bounded `violations` list.
    public var violationsOverflow: Double
    /// Frames by source MAC, for the MACs of the member list that sent any (at most one entry
    /// per listed MAC; other MACs are not counted here but in `unknown_mac` violations).
    public var macFrames: [MACFrames]
    /// The length of the interval, seconds (60 for one closed minute); 0 when unknown.
    public var seconds: Double

    /// Observations.
    public init(
        interface: String, time: Double, receivedFrames: Double, droppedFrames: Double, violations: [Violation],
        violationsOverflow: Double = 0, macFrames: [MACFrames] = [], seconds: Double = 0
    ) {
        self.interface = interface
        self.time = time
        self.receivedFrames = receivedFrames
        self.droppedFrames = droppedFrames
        self.violations = violations
        self.violationsOverflow = violationsOverflow
        self.macFrames = macFrames
        self.seconds = seconds
    }

    /// Frames per minute of each MAC in `macFrames` over the interval, keyed by the MAC as
    /// written there; empty when the interval's length is unknown.
    public var framesPerMinuteByMAC: [String: Double] {
        guard seconds > 0 else { return [:] }
        var rates: [String: Double] = [:]
        for entry in macFrames { rates[entry.mac, default: 0] += entry.frames * 60 / seconds }
        return rates
    }
}
