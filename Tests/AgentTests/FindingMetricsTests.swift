import IXPCore
import ProbeKit
import Testing

@testable import Agent
@testable import Detection

/// `ixp_finding_active` as the detector publishes it: a finding about a member carries the
/// member's ASN, so that a board can show one member's findings (its ports, its MACs).
@Suite("finding metrics")
struct FindingMetricsTests {
    static func finding(_ rule: RuleID, _ subject: Subject, labels: [String: String] = [:]) -> Finding {
        Finding(rule: rule, severity: .warning, subject: subject, summary: "", message: LocalizedText("x"), labels: labels,
                state: .firing, firstSeen: 0, lastSeen: 0, firingSince: 0)
    }

    @Test("member_asn from the subject or the labels; none for the exchange; only firing findings")
    func memberLabel() throws {
        var pending = Self.finding(.portDown, .port(switch: "sw1", interface: "Et2"), labels: ["member_asn": "64501"])
        pending.state = .pending
        let findings = [
            Self.finding(.memberDown, .member(asn: 64500)),
            Self.finding(.lanViolation, .mac("02:00:00:00:00:01"), labels: ["member_asn": "64500", "mac": "02:00:00:00:00:01"]),
            Self.finding(.membersLeaving, .exchange),
            pending,
        ]
        let families = DetectionMetrics.families(result: DetectionResult(at: 0, symptoms: [], candidates: [], ruleDurations: [:]),
                                                findings: findings, duration: 0.1, at: 0)
        let active = try #require(families.first { $0.name == "ixp_finding_active" })
        var byRule: [String: [String: String]] = [:]
        for sample in active.samples {
            var labels: [String: String] = [:]
            for (name, value) in sample.labels { labels[name] = value }
            byRule[labels["rule"] ?? "?"] = labels
        }
        #expect(byRule.count == 3, "\(byRule)")
        #expect(byRule["member_down"]?["member_asn"] == "64500")
        #expect(byRule["member_down"]?["subject"] == "AS64500")
        #expect(byRule["lan_violation"]?["member_asn"] == "64500")
        #expect(byRule["members_leaving"] != nil && byRule["members_leaving"]?["member_asn"] == nil)
    }
}
