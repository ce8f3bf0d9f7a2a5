/// What the peering-LAN captures saw in a recent interval: frame counts and rule violations by
/// source. The one shape of a LAN violation: the capture probe makes it, the detector's
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

    /// Observations.
    public init(
        interface: String, time: Double, receivedFrames: Double, droppedFrames: Double, violations: [Violation],
        violationsOverflow: Double = 0
    ) {
        self.interface = interface
        self.time = time
        self.receivedFrames = receivedFrames
        self.droppedFrames = droppedFrames
        self.violations = violations
        self.violationsOverflow = violationsOverflow
    }
}
