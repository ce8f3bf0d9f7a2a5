import Members
import TimeSeries
import IXPCore

/// `member_unreachable`: a member router lost every echo request of the ping probe
/// (`ixp_ping_loss_ratio` 1) over the last few minutes (3, with at least 3 readings, by
/// default) on one or more of its peering-LAN addresses, while its port is up or its status
/// unknown. A member whose every port is down is `member_down`'s, not this rule's; the finding
/// carries the member's switch, so that a switch that cannot be polled (`probe_failing`)
/// explains it.
///
/// `exchange_unreachable`: when most members judged (half, and at least 3, by default) are
/// unreachable at once, the cause is the exchange's or the agent's own (its link to the peering
/// LAN, a filter, a switch): one critical finding about the exchange, which explains, and so
/// silences, the member findings.
public struct MemberUnreachableRule: DetectionRule {
    /// The thresholds of `member_unreachable` (`detection.rules.member_unreachable`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// Every echo request lost for this many minutes.
        public var windowMinutes: Double = 3
        /// Readings the window needs.
        public var minimumReadings: Double = 3
        /// This share of members unreachable at once is `exchange_unreachable`.
        public var exchangeShare: Double = 0.5
        /// And at least this many members.
        public var exchangeMinimum: Double = 3

        /// The defaults.
        public init() {}
    }

    /// `member_unreachable` by default.
    public static let memberUnreachableDefinition = RuleDefinition(.memberUnreachable, severity: .warning, thresholds: Thresholds())
    /// `exchange_unreachable` by default.
    public static let exchangeUnreachableDefinition = RuleDefinition(.exchangeUnreachable, severity: .critical)

    public var definitions: [any RuleDefinitionProtocol] { [Self.memberUnreachableDefinition, Self.exchangeUnreachableDefinition] }

    /// The rule.
    public init() {}

    /// What the loss series say of one member's addresses.
    struct MemberReachability: Sendable, Hashable {
        /// Addresses that lost every request over the window.
        var unreachable: [String] = []
        /// Addresses whose newest round got a reply.
        var reachable: [String] = []
    }

    /// Per member, which of its pinged addresses are unreachable and which reachable now.
    /// Addresses without a current reading, or with too few readings to judge, are in neither.
    static func reachability(_ context: DetectionContext, window: Double, minimumReadings: Int) -> [UInt32: MemberReachability] {
        var result: [UInt32: MemberReachability] = [:]
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.pingLoss)) {
            guard let asn = key[label: "member_asn"].flatMap({ UInt32($0) }), let address = key[label: "address"],
                  let latest = context.store.latest(key), context.now - latest.timestamp <= window, latest.value.isFinite
            else { continue }
            let known = context.store.query(key, from: context.now - window, to: context.now)?.values.filter { !$0.isNaN } ?? []
            if known.count >= minimumReadings, known.allSatisfy({ $0 >= 0.999 }) {
                result[asn, default: MemberReachability()].unreachable.append(address)
            } else if latest.value < 0.999 {
                result[asn, default: MemberReachability()].reachable.append(address)
            }
        }
        return result
    }

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.memberUnreachable)
        let thresholds = context.thresholds(Self.memberUnreachableDefinition)
        let window = thresholds.windowMinutes * 60
        let minimumReadings = max(1, Int(thresholds.minimumReadings))
        let members = Self.reachability(context, window: window, minimumReadings: minimumReadings)
        let unreachable = members.filter { !$0.value.unreachable.isEmpty }.keys.sorted()
        guard !unreachable.isEmpty else { return RuleOutcome() }

        var findings: [FindingCandidate] = []
        var explainedBy: String?
        let share = Double(unreachable.count) / Double(members.count)
        if unreachable.count >= Int(thresholds.exchangeMinimum),
           share >= thresholds.exchangeShare {
            // One cause for all of them: without the exchange-wide finding there is nothing to say.
            guard context.settings(.exchangeUnreachable).enabled else { return RuleOutcome() }
            var evidence = Evidence()
            evidence.add("members_judged", Double(members.count), unit: .count)
            evidence.add("members_unreachable", Double(unreachable.count), unit: .count)
            evidence.add("share", share, unit: .ratio)
            evidence.add("unreachable", list: unreachable.map { context.memberName($0) })
            let candidate = FindingCandidate(
                rule: .exchangeUnreachable, severity: context.settings(.exchangeUnreachable).severity ?? .critical, subject: .exchange,
                message: LocalizedText("exchange_unreachable.summary", ["list": SummaryList.text(unreachable.map { context.memberName($0) })],
                                       numbers: ["count": NumberArgument(Double(unreachable.count), .count),
                                                 "members": NumberArgument(Double(members.count), .count),
                                                 "window": NumberArgument(window, .seconds)]),
                evidence: evidence)
            explainedBy = candidate.id
            findings.append(candidate)
        }

        for asn in unreachable {
            guard let status = members[asn] else { continue }
            let ports = context.inventory.portsByMember[asn] ?? []
            let judged = ports.filter { $0.up != nil && $0.adminUp != false }
            // Every port down: member_down and port_down say so.
            if !judged.isEmpty, judged.allSatisfy({ $0.up == false }) { continue }
            var evidence = Evidence()
            evidence.add("unreachable_addresses", list: status.unreachable.sorted())
            if !status.reachable.isEmpty { evidence.add("reachable_addresses", list: status.reachable.sorted()) }
            evidence.add("window", window, unit: .seconds)
            evidence.add("port_status", text: judged.contains { $0.up == true } ? "up" : "unknown")
            var labels = ["member_asn": String(asn)]
            if let name = context.members?.member(asn: asn)?.name { labels["member_name"] = name }
            if let switchName = Self.switchName(of: asn, ports: ports, context) { labels["switch"] = switchName }
            findings.append(FindingCandidate(
                rule: .memberUnreachable, severity: settings.severity ?? .warning, subject: .member(asn: asn),
                message: LocalizedText("member_unreachable.summary",
                                       ["member": context.memberName(asn), "addresses": status.unreachable.sorted().joined(separator: ", ")],
                                       numbers: ["window": NumberArgument(window, .seconds)]),
                evidence: evidence, labels: labels, explainedBy: explainedBy))
        }
        return RuleOutcome(findings: findings)
    }

    /// The one switch the member's ports are on (from the store's ports, else the member
    /// list's), or nil when there are none or several.
    static func switchName(of asn: UInt32, ports: [MonitoredPort], _ context: DetectionContext) -> String? {
        let polled = Set(ports.map(\.switchName))
        if polled.count == 1 { return polled.first }
        guard polled.isEmpty, let member = context.members?.member(asn: asn) else { return nil }
        let listed = Set(member.connections.filter(\.isActive).flatMap(\.ports).compactMap(\.switchName))
        return listed.count == 1 ? listed.first : nil
    }
}

extension RuleID {
    /// A member router lost every echo request for several rounds while its port is up.
    public static let memberUnreachable: RuleID = "member_unreachable"
    /// Most member routers stopped answering pings at once: one cause on the exchange's (or the
    /// agent's) side, not a fault of each member.
    public static let exchangeUnreachable: RuleID = "exchange_unreachable"
}
