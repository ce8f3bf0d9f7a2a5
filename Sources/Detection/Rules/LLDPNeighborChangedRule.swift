import Members
import TimeSeries
import IXPCore

/// `lldp_neighbor_changed`: the LLDP neighbour seen on a member port is not the one seen
/// before (a member re-cabled, moved the port to another router, or a patch was swapped). The
/// lldp probe keeps each port's last neighbour in the state database, so a change across an
/// agent restart counts too, and writes `ixp_lldp_neighbor_change_timestamp_seconds` (labels
/// switch, interface, member_asn, previous, current) when it sees one. The finding stays for
/// `detection.rules.lldp_neighbor_changed.hold_hours` (24) after the change, then resolves.
/// Ports with no member (core links) are left out unless `member_ports_only` is 0.
public struct LLDPNeighborChangedRule: DetectionRule {
    /// The thresholds of `lldp_neighbor_changed` (`detection.rules.lldp_neighbor_changed`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// How long the finding is kept, in hours.
        public var holdHours: Double = 24
        /// 1: member ports only; 0: every port.
        public var memberPortsOnly: Double = 1

        /// The defaults.
        public init() {}
    }

    /// `lldp_neighbor_changed` by default.
    public static let definition = RuleDefinition(.lldpNeighborChanged, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.lldpNeighborChanged)
        let thresholds = context.thresholds(Self.definition)
        let hold = thresholds.holdHours * 3_600
        let memberPortsOnly = thresholds.memberPortsOnly != 0
        // The newest change per port (an older series of the same port is an earlier change).
        var newest: [Subject: (key: SeriesKey, changedAt: Double)] = [:]
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.lldpNeighborChange)) {
            guard let latest = context.store.latest(key), context.now - latest.timestamp <= 3_600,
                  latest.value.isFinite, context.now - latest.value <= hold else { continue }
            let asn = key[label: "member_asn"].flatMap { UInt32($0) }
            if memberPortsOnly && asn == nil { continue }
            let subject = Subject.port(switch: key[label: "switch"] ?? "", interface: key[label: "interface"] ?? "")
            if let known = newest[subject], known.changedAt >= latest.value { continue }
            newest[subject] = (key, latest.value)
        }
        var findings: [FindingCandidate] = []
        for (subject, change) in newest.sorted(by: { $0.key < $1.key }) {
            let key = change.key
            let switchName = key[label: "switch"] ?? ""
            let interface = key[label: "interface"] ?? ""
            let asn = key[label: "member_asn"].flatMap { UInt32($0) }
            let previous = key[label: "previous"] ?? ""
            let current = key[label: "current"] ?? ""
            var evidence = Evidence()
            evidence.add("previous_neighbor", text: previous)
            evidence.add("neighbor", text: current)
            evidence.add("changed", change.changedAt, unit: .timestamp)
            var labels = ["switch": switchName, "interface": interface]
            if let asn { labels["member_asn"] = String(asn) }
            if let asn, let name = context.members?.member(asn: asn)?.name { labels["member_name"] = name }
            findings.append(FindingCandidate(
                rule: .lldpNeighborChanged, severity: settings.severity ?? .warning, subject: subject,
                message: LocalizedText("lldp_neighbor_changed.summary", [
                    "port": "\(switchName) \(interface)",
                    "member": asn.map { context.memberName($0) } ?? Wording.render("unknown_member"),
                    "previous": previous.isEmpty ? "?" : previous, "current": current.isEmpty ? "?" : current,
                ]),
                evidence: evidence, labels: labels))
        }
        return RuleOutcome(findings: findings)
    }
}

extension RuleID {
    /// The LLDP neighbour seen on a member port changed.
    public static let lldpNeighborChanged: RuleID = "lldp_neighbor_changed"
}
