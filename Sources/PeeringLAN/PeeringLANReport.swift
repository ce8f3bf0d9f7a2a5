/// The result of analysing peering-LAN traffic: the JSON contract of
/// `ixp-health analyze-pcap --format json` (field names are snake_case, timestamps ISO 8601
/// UTC, every list sorted so that the output is deterministic).
public import IXPCore
public struct PeeringLANReport: Sendable, Equatable, Codable {
    /// One violation: a rule broken by one source (or by the LAN as a whole).
    public struct Violation: Sendable, Equatable, Codable {
        /// Rule id, e.g. `stp`.
        public var rule: String
        /// `info`, `warning` or `critical`.
        public var severity: Severity
        /// The source MAC, or nil for LAN-wide rules (`arp_storm`, `dead_ip`).
        public var srcMAC: String?
        /// The ASN of the member that has `srcMAC`, or nil.
        public var memberASN: UInt32?
        /// The address concerned (`dead_ip`, `ip_conflict`, `dead_bgp_peer`), or nil.
        public var ip: String?
        /// Frames that broke the rule.
        public var frames: UInt64
        /// The first such frame's time.
        public var firstSeen: String
        /// The last such frame's time.
        public var lastSeen: String
        /// The first frame, decoded in one line.
        public var example: String

        enum CodingKeys: String, CodingKey {
            case rule, severity, ip, frames, example
            case srcMAC = "src_mac"
            case memberASN = "member_asn"
            case firstSeen = "first_seen"
            case lastSeen = "last_seen"
        }

        /// Encodes every key, with null for absent values.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rule, forKey: .rule)
            try c.encode(severity, forKey: .severity)
            try c.encode(srcMAC, forKey: .srcMAC)
            try c.encode(memberASN, forKey: .memberASN)
            try c.encode(ip, forKey: .ip)
            try c.encode(frames, forKey: .frames)
            try c.encode(firstSeen, forKey: .firstSeen)
            try c.encode(lastSeen, forKey: .lastSeen)
            try c.encode(example, forKey: .example)
        }
    }

    /// A minute whose neighbour traffic reached storm level.
    public struct Storm: Sendable, Equatable, Codable {
        /// The minute's start.
        public var minute: String
        /// Requests (ARP requests or NS) in that minute.
        public var requests: UInt64
        /// All frames of the protocol (requests and replies) in that minute.
        public var frames: UInt64
    }

    /// A source that sent requests above the flooder rate.
    public struct Flooder: Sendable, Equatable, Codable {
        /// The source MAC.
        public var srcMAC: String
        /// Its highest count of requests in one second.
        public var peakPerSecond: UInt64
        /// Its highest average rate over a flooder window, requests per second.
        public var peakWindowRate: Double

        enum CodingKeys: String, CodingKey {
            case srcMAC = "src_mac"
            case peakPerSecond = "peak_per_second"
            case peakWindowRate = "peak_window_rate"
        }
    }

    /// An address that routers keep asking for and nobody answers.
    public struct DeadTarget: Sendable, Equatable, Codable {
        /// The address.
        public var ip: String
        /// Requests for it in the capture.
        public var requests: UInt64
        /// Distinct requesters seen in its busiest minute (counted up to 16).
        public var requesters: Int
    }

    /// ARP (or ND) health.
    public struct Neighbors: Sendable, Equatable, Codable {
        /// The most ARP (or NS+NA) frames in one minute.
        public var peakPerMinute: UInt64
        /// Minutes at storm level.
        public var storms: [Storm]
        /// Sources above the flooder rate.
        public var flooders: [Flooder]
        /// Addresses asked for but dead.
        public var deadTargets: [DeadTarget]

        enum CodingKeys: String, CodingKey {
            case storms, flooders
            case peakPerMinute = "peak_per_minute"
            case deadTargets = "dead_targets"
        }
    }

    /// A BGP session seen on the wire.
    public struct Session: Sendable, Equatable, Codable {
        /// The lower address.
        public var a: String
        /// The higher address.
        public var b: String
        /// Last ACK seen between them.
        public var lastSeen: String

        enum CodingKeys: String, CodingKey {
            case a, b
            case lastSeen = "last_seen"
        }
    }

    /// SYNs to port 179 with no session between the pair.
    public struct SynOnly: Sendable, Equatable, Codable {
        /// The address sending SYNs.
        public var src: String
        /// The address they go to.
        public var dst: String
        /// SYNs seen.
        public var attempts: UInt64
    }

    /// BGP activity.
    public struct BGP: Sendable, Equatable, Codable {
        /// Established sessions.
        public var sessions: [Session]
        /// Connection attempts that never became a session.
        public var synOnly: [SynOnly]
        /// ASNs of members with no session to any route server (empty without a member list
        /// or when no route server is known).
        public var membersWithoutRouteServerSession: [UInt32]

        enum CodingKeys: String, CodingKey {
            case sessions
            case synOnly = "syn_only"
            case membersWithoutRouteServerSession = "members_without_route_server_session"
        }
    }

    /// A source MAC that no member has.
    public struct UnknownMAC: Sendable, Equatable, Codable {
        /// The MAC.
        public var mac: String
        /// Frames from it.
        public var frames: UInt64
    }

    /// An address claimed by a MAC that is not its owner's.
    public struct IPConflict: Sendable, Equatable, Codable {
        /// The address.
        public var ip: String
        /// The MACs that claimed it.
        public var macs: [String]
    }

    /// One MAC answering ARP for several addresses.
    public struct ProxyARP: Sendable, Equatable, Codable {
        /// The MAC.
        public var mac: String
        /// The addresses it answered for.
        public var ips: [String]
    }

    /// MAC-level findings (member list needed for `unknown`).
    public struct MACs: Sendable, Equatable, Codable {
        /// Source MACs no member has.
        public var unknown: [UnknownMAC]
        /// Address conflicts.
        public var ipConflicts: [IPConflict]
        /// Proxy-ARP suspects.
        public var proxyARP: [ProxyARP]

        enum CodingKeys: String, CodingKey {
            case unknown
            case ipConflicts = "ip_conflicts"
            case proxyARP = "proxy_arp"
        }
    }

    /// Capture and bookkeeping counters.
    public struct Capture: Sendable, Equatable, Codable {
        /// Frames the capture received (live only; equal to frames_total offline).
        public var received: UInt64
        /// Frames the capture dropped (live only).
        public var dropped: UInt64
        /// Frames not tracked in some table because it was full, by table.
        public var overflow: [String: UInt64]
        /// Violations not kept because `maximum_violations` was reached.
        public var violationsOverflow: UInt64

        enum CodingKeys: String, CodingKey {
            case received, dropped, overflow
            case violationsOverflow = "violations_overflow"
        }
    }

    /// Frames analysed.
    public var framesTotal: UInt64
    /// Their bytes on the wire.
    public var bytesTotal: UInt64
    /// The first frame's time, or nil when there were none.
    public var firstTimestamp: String?
    /// The last frame's time, or nil.
    public var lastTimestamp: String?
    /// Frames per class; every class is present, 0 when absent.
    public var byClass: [String: UInt64]
    /// Frames that carried VLAN tags (classified by their inner frame).
    public var vlanTagged: UInt64
    /// Frames per protocol label, by class: every multicast and broadcast frame
    /// (`ipv4_multicast`, `ipv4_broadcast`, `ipv6_multicast`), and unicast frames of routing
    /// and redundancy protocols (`ipv4_unicast`, `ipv6_unicast`: ospf, vrrp, rip, …).
    public var labels: [String: [String: UInt64]]
    /// Violations, most severe first.
    public var violations: [Violation]
    /// ARP health.
    public var arp: Neighbors
    /// IPv6 neighbour-discovery health (the same for NS/NA).
    public var nd: Neighbors
    /// BGP activity.
    public var bgp: BGP
    /// MAC-level findings.
    public var macs: MACs
    /// True when a member list was used.
    public var membersLoaded: Bool
    /// Capture counters.
    public var capture: Capture

    enum CodingKeys: String, CodingKey {
        case framesTotal = "frames_total"
        case bytesTotal = "bytes_total"
        case firstTimestamp = "first_timestamp"
        case lastTimestamp = "last_timestamp"
        case byClass = "by_class"
        case vlanTagged = "vlan_tagged"
        case labels, violations, arp, nd, bgp, macs, capture
        case membersLoaded = "members_loaded"
    }

    /// Encodes every key, with null for absent timestamps.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(framesTotal, forKey: .framesTotal)
        try c.encode(bytesTotal, forKey: .bytesTotal)
        try c.encode(firstTimestamp, forKey: .firstTimestamp)
        try c.encode(lastTimestamp, forKey: .lastTimestamp)
        try c.encode(byClass, forKey: .byClass)
        try c.encode(vlanTagged, forKey: .vlanTagged)
        try c.encode(labels, forKey: .labels)
        try c.encode(violations, forKey: .violations)
        try c.encode(arp, forKey: .arp)
        try c.encode(nd, forKey: .nd)
        try c.encode(bgp, forKey: .bgp)
        try c.encode(macs, forKey: .macs)
        try c.encode(membersLoaded, forKey: .membersLoaded)
        try c.encode(capture, forKey: .capture)
    }
}
