import IXPCore
import TimeSeries

/// `idle_member_ports`: member ports whose 30-day 95th percentile is under 1 % of their speed,
/// judged per member connection. Lists them; a warning when more than 20 % of member ports are
/// idle. Reads hourly maxima (each hour's busiest 5 minutes), so a port is idle only when even
/// its peaks are.
///
/// - A port that is administratively down (`ixp_interface_admin_up` 0) is shut or
///   decommissioned, not a member failing to use it: it is neither idle nor counted among the
///   member ports (`connected_port_admin_down` speaks about a connected member's port shut).
/// - A member with several ports (a LAG, or an old port and its replacement) is idle only when
///   its total is: the sum of its ports' statistics under the fraction of their summed speed.
///   A quiet port of a member whose traffic is on another port is not idle.
public struct IdleMemberPortsRule: DetectionRule {
    /// The thresholds of `idle_member_ports` (`detection.rules.idle_member_ports`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// A port is idle under this fraction of its speed.
        public var idleFraction: Double = 0.01
        /// More than this share of member ports idle is a warning.
        public var warningShare: Double = 0.20
        /// The window, in days.
        public var windowDays: Double = 30
        /// The fraction of the ports that must be judged.
        public var minimumKnown: Double = 0.8

        /// The defaults.
        public init() {}
    }

    /// `idle_member_ports` by default.
    public static let definition = RuleDefinition(.idleMemberPorts, for: 86_400, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let (idle, judged, evidence, knownFraction, adminDown) = Self.idlePorts(context)
        let thresholds = context.thresholds(Self.definition)
        let threshold = thresholds.idleFraction
        guard judged > 0, knownFraction >= thresholds.minimumKnown else {
            let text = LocalizedText("idle_member_ports.not_enough_data", numbers: ["known": NumberArgument(knownFraction, .ratio)])
            return symptom(.idleMemberPorts, .notEnoughData, text, evidence, context)
        }
        let share = Double(idle.count) / Double(judged)
        let names = idle.map(\.port.displayName)
        let numbers = ["idle": NumberArgument(Double(idle.count), .count), "ports": NumberArgument(Double(judged), .count),
                       "share": NumberArgument(share, .ratio), "threshold": NumberArgument(threshold, .ratio),
                       "admin_down": NumberArgument(Double(adminDown), .count)]
        let warn = share > thresholds.warningShare
        let key = (!warn ? "idle_member_ports.ok" : idle.count == 1 ? "idle_member_ports.warning.one" : "idle_member_ports.warning")
            + (adminDown > 0 ? ".admin_down" : "")
        let text = LocalizedText(key, ["list": SummaryList.text(names)], numbers: numbers)
        return symptom(.idleMemberPorts, warn ? .warning : .ok, text, evidence, context)
    }

    /// The idle member ports (least used first) with their statistic, how many ports were
    /// judged, the evidence, the fraction of the window known over the ports judged, and how
    /// many member ports were left out as administratively down.
    static func idlePorts(_ context: DetectionContext) -> (idle: [(port: MonitoredPort, statistic: WindowStatistic)], judged: Int,
                                                           evidence: Evidence, knownFraction: Double, adminDown: Int) {
        let thresholds = context.thresholds(Self.definition)
        let days = thresholds.windowDays
        let threshold = thresholds.idleFraction
        let minimumKnown = thresholds.minimumKnown
        let statistics = context.portPercentiles(95, seconds: days * 86_400, function: .maximum, minimumStep: 3_600)
        let inService = context.memberPorts.filter { $0.adminUp != false }
        let adminDown = context.memberPorts.count - inService.count
        let scan = PortUtilisationScan(context, ports: inService, statistics: statistics, fraction: threshold, below: true,
                                       minimumKnown: minimumKnown)
        let activeMembers = Self.activeMembers(inService, statistics: statistics, fraction: threshold)
        let idle = scan.hits.filter { hit in hit.port.memberASN.map { !activeMembers.contains($0) } ?? true }
        let judged = scan.judged
        var evidence = Evidence()
        let window = EvidenceWindow(from: context.now - days * 86_400, to: context.now)
        evidence.add("idle_ports", Double(idle.count), unit: .count, window: window)
        evidence.add("member_ports", Double(judged), unit: .count)
        if judged > 0 { evidence.add("idle_share", Double(idle.count) / Double(judged), unit: .ratio) }
        evidence.add("threshold", threshold, unit: .ratio)
        evidence.add("admin_down_ports", Double(adminDown), unit: .count)
        evidence.add("quiet_ports_of_active_members", Double(scan.hits.count - idle.count), unit: .count, window: window)
        if !idle.isEmpty { evidence.add("ports", list: idle.map(\.port.displayName), window: window) }
        return (idle, judged, evidence, scan.knownFraction, adminDown)
    }

    /// The members whose total over `ports` is not idle: the sum of their ports' statistics
    /// (bytes/s, ports with nothing known left out) at or above `fraction` of the summed speed
    /// of those ports.
    static func activeMembers(_ ports: [MonitoredPort], statistics: [MonitoredPort: WindowStatistic], fraction: Double) -> Set<UInt32> {
        var traffic: [UInt32: Double] = [:], speed: [UInt32: Double] = [:]
        for port in ports where port.speedBytesPerSecond > 0 {
            guard let asn = port.memberASN, let value = statistics[port]?.value, !value.isNaN else { continue }
            traffic[asn, default: 0] += value
            speed[asn, default: 0] += port.speedBytesPerSecond
        }
        return Set(traffic.compactMap { asn, total in total >= fraction * (speed[asn] ?? 0) ? asn : nil })
    }
}

extension RuleID {
    /// Member ports that carry almost nothing.
    public static let idleMemberPorts: RuleID = "idle_member_ports"
}
