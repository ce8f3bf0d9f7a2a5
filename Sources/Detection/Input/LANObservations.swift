/// What the peering-LAN capture saw in its last closed interval, for the LAN rules.
public struct LANObservations: Sendable, Hashable {
    /// One rule broken by one source MAC.
    public struct Violation: Sendable, Hashable {
        /// The rule of the peering-LAN probe definition, e.g. `stp` or `ipv6_ra`.
        public var rule: String
        /// Its severity.
        public var severity: Severity
        /// The offending source MAC, `aa:bb:cc:dd:ee:ff`.
        public var mac: String
        /// Frames that broke it in the interval.
        public var frames: Int
        /// The member the MAC belongs to, if known.
        public var memberASN: UInt32?
        /// The decoded first frame, one line.
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

    /// The capture's interface.
    public var interface: String
    /// When the interval closed.
    public var at: Double
    /// Frames received in the interval.
    public var receivedFrames: Double
    /// Frames dropped (by libpcap or the interface) in the interval.
    public var droppedFrames: Double
    /// Rules broken, by MAC.
    public var violations: [Violation]

    /// Observations.
    public init(interface: String, at: Double, receivedFrames: Double, droppedFrames: Double, violations: [Violation]) {
        self.interface = interface
        self.at = at
        self.receivedFrames = receivedFrames
        self.droppedFrames = droppedFrames
        self.violations = violations
    }
}
