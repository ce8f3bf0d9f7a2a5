import IXPCore
import Members

/// The port audit, as IXP Manager's `audit:port-speeds` does it, against the member list:
/// `port_speed_mismatch` (the list's `if_speed` against the speed SNMP reports),
/// `connected_port_admin_down` (a member listed as connected whose port is administratively
/// down), `unknown_port_asn` (a port whose description names an ASN not in the list) and
/// `departed_member_port_up` (a departed member's port still up).
public struct PortAuditRule: DetectionRule {
    /// `port_speed_mismatch` by default.
    public static let portSpeedMismatchDefinition = RuleDefinition(.portSpeedMismatch, for: 3_600, severity: .warning)
    /// `connected_port_admin_down` by default.
    public static let connectedPortAdminDownDefinition = RuleDefinition(.connectedPortAdminDown, for: 3_600, severity: .warning)
    /// `unknown_port_asn` by default.
    public static let unknownPortASNDefinition = RuleDefinition(.unknownPortASN, for: 3_600, severity: .warning)
    /// `departed_member_port_up` by default.
    public static let departedMemberPortUpDefinition = RuleDefinition(.departedMemberPortUp, for: 3_600, severity: .warning)

    public var definitions: [any RuleDefinitionProtocol] { [Self.portSpeedMismatchDefinition, Self.connectedPortAdminDownDefinition, Self.unknownPortASNDefinition, Self.departedMemberPortUpDefinition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        guard let members = context.members, !members.members.isEmpty else { return RuleOutcome() }
        var findings: [FindingCandidate] = []
        let portsByMember = context.inventory.portsByMember
        let departed = Set(context.membership?.departedASNs(at: context.now) ?? [])
        for (asn, ports) in portsByMember.sorted(by: { $0.key < $1.key }) {
            guard let member = members.member(asn: asn) else {
                let rule: RuleID = departed.contains(asn) ? .departedMemberPortUp : .unknownPortASN
                for port in ports where rule == .unknownPortASN || port.up == true {
                    guard context.settings(rule).enabled else { continue }
                    var evidence = Evidence()
                    evidence.add("asn", text: "AS\(asn)")
                    evidence.add("oper_status", text: port.up == true ? "up" : (port.up == false ? "down" : "unknown"))
                    findings.append(portFinding(rule, port, context, arguments: ["asn": String(asn)], evidence: evidence))
                }
                continue
            }
            if member.isListedAsConnected, context.settings(.connectedPortAdminDown).enabled {
                for port in ports where port.adminUp == false {
                    findings.append(portFinding(.connectedPortAdminDown, port, context,
                                                evidence: Evidence([EvidenceItem(name: "admin_status", value: .text("down"))])))
                }
            }
            guard context.settings(.portSpeedMismatch).enabled else { continue }
            let listed = member.listedPortSpeedsBitsPerSecond.sorted()
            let measured = ports.filter { $0.speedBytesPerSecond > 0 }.sorted { $0.speedBytesPerSecond < $1.speedBytesPerSecond }
            guard !listed.isEmpty, listed.count == measured.count else { continue }
            for (speed, port) in zip(listed, measured) where abs(speed - port.speedBytesPerSecond * 8) > 0.01 * speed {
                var evidence = Evidence()
                evidence.add("listed_speed", speed, unit: .bitsPerSecond)
                evidence.add("snmp_speed", port.speedBytesPerSecond * 8, unit: .bitsPerSecond)
                findings.append(portFinding(.portSpeedMismatch, port, context, numbers: [
                    "listed": NumberArgument(speed, .bitsPerSecond), "actual": NumberArgument(port.speedBytesPerSecond * 8, .bitsPerSecond)],
                    evidence: evidence))
            }
        }
        return RuleOutcome(findings: findings)
    }
}

extension RuleID {
    /// The member list's port speed differs from the speed SNMP reports.
    public static let portSpeedMismatch: RuleID = "port_speed_mismatch"
    /// A member listed as connected whose port is administratively down.
    public static let connectedPortAdminDown: RuleID = "connected_port_admin_down"
    /// A port whose description names an ASN that is not in the member list.
    public static let unknownPortASN: RuleID = "unknown_port_asn"
    /// A departed member's port is still up.
    public static let departedMemberPortUp: RuleID = "departed_member_port_up"
}
