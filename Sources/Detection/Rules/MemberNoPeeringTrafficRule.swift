import Members
import TimeSeries
import IXPCore

/// `member_no_peering_traffic`: a member whose ports were up for the whole last day (SNMP) and
/// that exchanged no traffic with any other member in that day, as sFlow sees it
/// (`ixp_sflow_member_sent_bytes_per_second` and `…_received_…` both zero). Connected but not
/// peering: a member who pays for a port and gets nothing from it. Judged only for members
/// the sFlow probe writes series for (the member list gives them a MAC), only when sFlow saw
/// traffic between other members in the day, and only when most of the day is known.
public struct MemberNoPeeringTrafficRule: DetectionRule {
    /// The thresholds of `member_no_peering_traffic` (`detection.rules.member_no_peering_traffic`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The window, in days.
        public var windowDays: Double = 1
        /// The fraction of the window that must be known.
        public var minimumKnown: Double = 0.8

        /// The defaults.
        public init() {}
    }

    /// `member_no_peering_traffic` by default.
    public static let definition = RuleDefinition(.memberNoPeeringTraffic, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.memberNoPeeringTraffic)
        let thresholds = context.thresholds(Self.definition)
        let seconds = thresholds.windowDays * 86_400
        let minimumKnown = thresholds.minimumKnown
        let from = context.now - seconds
        let sent = context.store.aggregateEach(.integral, of: SeriesSelector(name: StoreSeries.sflowMemberSent), from: from, to: context.now)
        guard !sent.isEmpty else { return RuleOutcome() }
        let received = context.store.aggregateEach(.integral, of: SeriesSelector(name: StoreSeries.sflowMemberReceived), from: from, to: context.now)
        func byMember(_ results: [SeriesKey: AggregateResult]) -> [UInt32: AggregateResult] {
            var out: [UInt32: AggregateResult] = [:]
            for (key, result) in results {
                if let asn = key[label: "member_asn"].flatMap({ UInt32($0) }) { out[asn] = result }
            }
            return out
        }
        let sentBy = byMember(sent), receivedBy = byMember(received)
        let exchanged = sentBy.values.reduce(0) { $0 + ($1.value.isFinite ? $1.value : 0) }
        // No traffic at all is the probe's problem (or an idle exchange), not every member's.
        guard exchanged > 0 else { return RuleOutcome() }
        let window = EvidenceWindow(from: from, to: context.now)
        let ports = context.inventory.portsByMember
        var findings: [FindingCandidate] = []
        for (asn, sentResult) in sentBy.sorted(by: { $0.key < $1.key }) {
            guard sentResult.totalValues > 0, Double(sentResult.knownValues) / Double(sentResult.totalValues) >= minimumKnown,
                  sentResult.value == 0, receivedBy[asn].map({ $0.value == 0 || $0.value.isNaN }) ?? true,
                  let memberPorts = ports[asn], !memberPorts.isEmpty else { continue }
            // Up for the whole window: the smallest up value of every port is 1.
            let allUp = memberPorts.allSatisfy { port in
                let lowest = context.store.aggregate(.minimum, of: port.key(StoreSeries.up), from: from, to: context.now)
                return lowest.value.isFinite && lowest.value >= 0.5 && lowest.knownValues > 0
            }
            guard allUp else { continue }
            var evidence = Evidence()
            evidence.add("member_peering_bits_per_second", 0, unit: .bitsPerSecond, window: window)
            evidence.add("ports_up", Double(memberPorts.count), unit: .count, window: window)
            evidence.add("peering_bits_per_second", exchanged * 8 / seconds, unit: .bitsPerSecond, window: window)
            var labels = ["member_asn": String(asn)]
            if let name = context.members?.member(asn: asn)?.name { labels["member_name"] = name }
            findings.append(FindingCandidate(
                rule: .memberNoPeeringTraffic, severity: settings.severity ?? .warning, subject: .member(asn: asn),
                message: LocalizedText("member_no_peering_traffic.summary", ["member": context.memberName(asn)],
                                       numbers: ["ports": NumberArgument(Double(memberPorts.count), .count)]),
                evidence: evidence, labels: labels))
        }
        return RuleOutcome(findings: findings)
    }
}

extension RuleID {
    /// A member whose port is up exchanges no traffic with any other member (sFlow) for a day.
    public static let memberNoPeeringTraffic: RuleID = "member_no_peering_traffic"
}
