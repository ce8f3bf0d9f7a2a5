import IXPCore

/// `port_down`: a member port down while administratively up. `member_down`: every port of a
/// member is down — one finding that explains (and inhibits) its ports' findings, instead of
/// one per symptom.
public struct PortStatusRule: DetectionRule {
    /// `port_down` by default.
    public static let portDownDefinition = RuleDefinition(.portDown, for: 5 * 60, severity: .warning)
    /// `member_down` by default.
    public static let memberDownDefinition = RuleDefinition(.memberDown, for: 5 * 60, severity: .critical)

    public var definitions: [any RuleDefinitionProtocol] { [Self.portDownDefinition, Self.memberDownDefinition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        var findings: [FindingCandidate] = []
        for (asn, ports) in context.inventory.portsByMember.sorted(by: { $0.key < $1.key }) {
            let judged = ports.filter { $0.up != nil && $0.adminUp != false }
            let down = judged.filter { $0.up == false }
            guard !down.isEmpty else { continue }
            var memberFindingID: String?
            if down.count == judged.count, context.settings(.memberDown).enabled {
                let candidate = FindingCandidate(
                    rule: .memberDown, severity: context.settings(.memberDown).severity ?? .critical, subject: .member(asn: asn),
                    message: LocalizedText("member_down.summary", ["member": context.memberName(asn),
                                                                   "ports": SummaryList.text(down.map(\.displayName))]),
                    evidence: Evidence([EvidenceItem(name: "ports_down", value: .list(down.map(\.displayName)))]),
                    labels: ["member_asn": String(asn)])
                memberFindingID = candidate.id
                findings.append(candidate)
            }
            guard context.settings(.portDown).enabled else { continue }
            for port in down {
                var evidence = Evidence()
                evidence.add("oper_status", text: "down")
                evidence.add("admin_status", text: port.adminUp == true ? "up" : "unknown")
                if let last = port.lastSample { evidence.add("polled", last, unit: .timestamp) }
                findings.append(portFinding(.portDown, port, context, evidence: evidence, explainedBy: memberFindingID))
            }
        }
        return RuleOutcome(findings: findings)
    }
}

extension RuleID {
    /// A member port is down while administratively up.
    public static let portDown: RuleID = "port_down"
    /// Every port of a member is down: one finding instead of one per port.
    public static let memberDown: RuleID = "member_down"
}
