public import PacketCapture
import ProbeKit
public import IXPCore

/// What the peering-LAN probe saw in one minute, plus the running totals at its end: the
/// value the agent turns into store samples and `/metrics` (see `metrics`).
public struct PeeringLANMinuteSnapshot: Sendable, Equatable {
    /// The minute's start, nanoseconds since the epoch.
    public var minuteStartNanoseconds: Int64
    /// Frames per class in this minute, indexed by `TrafficClass.rawValue`.
    public var framesByClass: [UInt64]
    /// Bytes on the wire in this minute.
    public var bytes: UInt64
    /// VLAN-tagged frames in this minute.
    public var vlanTagged: UInt64
    /// Frames counted against each rule in this minute, indexed by `PeeringLANRule.rawValue`.
    public var violationsByRule: [UInt64]
    /// Each rule's configured severity, indexed by `PeeringLANRule.rawValue`.
    public var severityByRule: [Severity]
    /// ARP frames (requests and replies) in this minute.
    public var arpFrames: UInt64
    /// ARP requests in this minute (not counting gratuitous ARP).
    public var arpRequests: UInt64
    /// NS and NA frames in this minute.
    public var ndFrames: UInt64
    /// Neighbour solicitations in this minute (not counting duplicate address detection).
    public var ndSolicitations: UInt64
    /// Sources flagged as ARP flooders so far.
    public var arpFlooders: Int
    /// Sources flagged as ND flooders so far.
    public var ndFlooders: Int
    /// IPv4 addresses found dead so far.
    public var arpDeadTargets: Int
    /// IPv6 addresses found dead so far.
    public var ndDeadTargets: Int
    /// BGP sessions seen so far.
    public var bgpSessions: Int
    /// Running totals: frames per class since the start.
    public var totalFramesByClass: [UInt64]
    /// Running total of bytes.
    public var totalBytes: UInt64
    /// Running total of VLAN-tagged frames.
    public var totalVLANTagged: UInt64
    /// Running totals: frames per rule since the start.
    public var totalViolationsByRule: [UInt64]
    /// The capture's cumulative counters (zero offline).
    public var capture: CaptureStatistics
    /// Frames not tracked because a table was full, cumulative.
    public var trackingOverflow: UInt64
    /// Every member of the list with its activity in this minute (empty without a member list).
    public var members: [MemberActivity] = []
    /// Frames from each MAC of the member list that sent any in this minute, in list order
    /// (at most one entry per listed MAC; other MACs are not counted here). Empty without a
    /// member list.
    public var macs: [MACActivity] = []
    /// This minute's violations by (rule, source MAC), worst first; at most
    /// `PeeringLANAnalyzer.maximumMinuteSources`. LAN-wide violations (storms, dead addresses,
    /// capture drops) have no source and are not listed.
    public var sourceViolations: [SourceViolation] = []
    /// Violation frames of this minute whose (rule, source MAC) did not fit in `sourceViolations`.
    public var sourceViolationsOverflow: UInt64 = 0
    /// Frames the capture dropped (buffer or interface) since the previous minute closed (zero
    /// offline). The counters are read when minutes are published, so drops may show a minute late.
    public var droppedFrames: UInt64 = 0

    /// One member's activity in a minute.
    public struct MemberActivity: Sendable, Equatable {
        /// The member's ASN.
        public var asn: UInt32
        /// Frames whose source MAC is one of the member's; nil when the list gives the member no
        /// MAC (the capture cannot tell whether it is silent).
        public var frames: UInt64?
        /// BGP sessions between the member's addresses and route-server addresses, seen in the
        /// three minutes up to the minute's end (a default hold time); nil for a route server, or
        /// when no route-server address is known.
        public var routeServerSessions: Int?

        /// An activity record.
        public init(asn: UInt32, frames: UInt64?, routeServerSessions: Int?) {
            self.asn = asn
            self.frames = frames
            self.routeServerSessions = routeServerSessions
        }
    }

    /// One listed MAC's frames in a minute.
    public struct MACActivity: Sendable, Equatable {
        /// The source MAC.
        public var mac: MACAddress
        /// The member the list gives it to.
        public var memberASN: UInt32
        /// Frames with this source MAC in the minute.
        public var frames: UInt64

        /// An activity record.
        public init(mac: MACAddress, memberASN: UInt32, frames: UInt64) {
            self.mac = mac
            self.memberASN = memberASN
            self.frames = frames
        }
    }

    /// One rule broken by one source MAC in a minute.
    public struct SourceViolation: Sendable, Equatable {
        /// The rule.
        public var rule: PeeringLANRule
        /// Its configured severity.
        public var severity: Severity
        /// The source MAC.
        public var mac: MACAddress
        /// The member the MAC belongs to, if the list says.
        public var memberASN: UInt32?
        /// Frames that broke the rule in the minute.
        public var frames: UInt64
        /// The first offending frame of the minute, timestamped and decoded as one line.
        public var example: String

        /// A violation record.
        public init(rule: PeeringLANRule, severity: Severity, mac: MACAddress, memberASN: UInt32?, frames: UInt64,
                    example: String) {
            self.rule = rule
            self.severity = severity
            self.mac = mac
            self.memberASN = memberASN
            self.frames = frames
            self.example = example
        }
    }

    /// Frames analysed in this minute (all classes).
    public var framesInMinute: UInt64 {
        framesByClass.reduce(0, &+)
    }

    /// Frames of one class in this minute.
    public func frames(_ trafficClass: TrafficClass) -> UInt64 {
        framesByClass[Int(trafficClass.rawValue)]
    }

    /// Frames counted against one rule in this minute.
    public func violations(_ rule: PeeringLANRule) -> UInt64 {
        violationsByRule[Int(rule.rawValue)]
    }

    /// The Prometheus metric families for the end of this minute: cumulative counters and
    /// current gauges. Names (all prefixed `ixp_lan_`):
    /// `frames_total{class}`, `bytes_total`, `vlan_tagged_frames_total`,
    /// `violations_total{rule,severity}`, `arp_frames_per_minute`, `arp_requests_per_minute`,
    /// `nd_frames_per_minute`, `nd_solicitations_per_minute`, `arp_flooders`, `nd_flooders`,
    /// `arp_dead_targets`, `nd_dead_targets`, `bgp_sessions`,
    /// `capture_received_frames_total`, `capture_dropped_frames_total`,
    /// `capture_interface_dropped_frames_total`, `tracking_overflow_frames_total`.
    public var metrics: [MetricFamily] {
        func single(_ name: String, _ kind: MetricFamily.Kind, _ value: Double, _ help: String) -> MetricFamily {
            MetricFamily(name: name, help: help, kind: kind, samples: [MetricSample(labels: [], value: value)])
        }
        var out: [MetricFamily] = []
        out.append(MetricFamily(
            name: "ixp_lan_frames_total", help: "Frames seen on the peering LAN, by traffic class.", kind: .counter,
            samples: TrafficClass.allCases.map { trafficClass in
                MetricSample(labels: [("class", trafficClass.name)],
                             value: Double(totalFramesByClass[Int(trafficClass.rawValue)]))
            }))
        out.append(single("ixp_lan_bytes_total", .counter, Double(totalBytes), "Bytes on the wire seen on the peering LAN."))
        out.append(single("ixp_lan_vlan_tagged_frames_total", .counter, Double(totalVLANTagged),
                          "Frames with VLAN tags on the peering LAN."))
        out.append(MetricFamily(
            name: "ixp_lan_violations_total", help: "Frames that broke a peering-LAN rule.", kind: .counter,
            samples: PeeringLANRule.allCases.map { rule in
                MetricSample(labels: [("rule", rule.id), ("severity", severityByRule[Int(rule.rawValue)].rawValue)],
                             value: Double(totalViolationsByRule[Int(rule.rawValue)]))
            }))
        let gauges: [(String, Double, String)] = [
            ("ixp_lan_arp_frames_per_minute", Double(arpFrames), "ARP frames in the last minute."),
            ("ixp_lan_arp_requests_per_minute", Double(arpRequests), "ARP requests in the last minute."),
            ("ixp_lan_nd_frames_per_minute", Double(ndFrames), "Neighbour solicitations and advertisements in the last minute."),
            ("ixp_lan_nd_solicitations_per_minute", Double(ndSolicitations), "Neighbour solicitations in the last minute."),
            ("ixp_lan_arp_flooders", Double(arpFlooders), "Sources flagged as ARP flooders."),
            ("ixp_lan_nd_flooders", Double(ndFlooders), "Sources flagged as neighbour-solicitation flooders."),
            ("ixp_lan_arp_dead_targets", Double(arpDeadTargets), "IPv4 addresses requested by many and answered by none."),
            ("ixp_lan_nd_dead_targets", Double(ndDeadTargets), "IPv6 addresses solicited by many and advertised by none."),
            ("ixp_lan_bgp_sessions", Double(bgpSessions), "BGP sessions seen on the peering LAN."),
        ]
        for (name, value, help) in gauges {
            out.append(single(name, .gauge, value, help))
        }
        let counters: [(String, UInt64, String)] = [
            ("ixp_lan_capture_received_frames_total", capture.received, "Frames the capture received (libpcap)."),
            ("ixp_lan_capture_dropped_frames_total", capture.dropped, "Frames the capture dropped for lack of buffer (libpcap)."),
            ("ixp_lan_capture_interface_dropped_frames_total", capture.droppedByInterface, "Frames the interface dropped (libpcap)."),
            ("ixp_lan_tracking_overflow_frames_total", trackingOverflow, "Frames not tracked because a table was full."),
        ]
        for (name, value, help) in counters {
            out.append(single(name, .counter, Double(value), help))
        }
        return out
    }
}
