import IXPCore
import Members

/// `lan_violation`: a MAC that sent frames breaking rules of the peering-LAN probe definition
/// (spanning tree, router advertisements, CDP…), with the MAC mapped to its member and the
/// decoded first frame as evidence. One finding per MAC, naming every rule it broke.
public struct LANViolationRule: DetectionRule {
    /// `lan_violation` by default.
    public static let definition = RuleDefinition(.lanViolation, severity: nil)

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        guard let lan = context.lan else { return RuleOutcome() }
        var findings: [FindingCandidate] = []
        let byMAC = Dictionary(grouping: lan.violations, by: \.mac)
        for mac in byMAC.keys.sorted() {
            guard let violations = byMAC[mac]?.sorted(by: { $0.frames > $1.frames }), let first = violations.first else { continue }
            let rules = violations.map(\.rule)
            let frames = violations.reduce(0) { $0 + $1.frames }
            let memberASN = violations.compactMap(\.memberASN).first
            var evidence = Evidence()
            evidence.add("lan_rules", list: rules)
            evidence.add("frames", Double(frames), unit: .count)
            evidence.add("mac", text: mac)
            for violation in violations {
                evidence.add("frames_\(violation.rule)", Double(violation.frames), unit: .count)
            }
            if let example = first.example { evidence.add("first_frame", text: example) }
            var labels = ["mac": mac, "lan_rule": rules.joined(separator: ","), "interface": lan.interface]
            if let asn = memberASN {
                labels["member_asn"] = String(asn)
                if let name = context.members?.member(asn: asn)?.name { labels["member_name"] = name }
            }
            let severity = context.settings(.lanViolation).severity ?? violations.map(\.severity).max() ?? .warning
            findings.append(FindingCandidate(
                rule: .lanViolation, severity: severity, subject: .mac(mac),
                message: LocalizedText("lan_violation.summary", [
                    "member": memberASN.map { context.memberName($0) } ?? Wording.render("unknown_member"),
                    "mac": mac, "lan_rule": rules.joined(separator: ", ")],
                    numbers: ["count": NumberArgument(Double(frames), .count)]),
                evidence: evidence, labels: labels))
        }
        return RuleOutcome(findings: findings)
    }
}

extension RuleID {
    /// A frame on the peering LAN broke a rule of the peering-LAN probe definition.
    public static let lanViolation: RuleID = "lan_violation"
}
