import Alerting
import Detection
import IXPCore

/// Findings and configurations for the tests.
enum TestFindings {
    static func memberDown(asn: UInt32 = 64500, name: String = "Sénégal Télécom", state: FindingState = .firing,
                           since: Double = 1_790_000_000) -> Finding {
        var evidence = Evidence()
        evidence.add("ports_down", 2, unit: .count)
        evidence.add("traffic_before", 2.5e9, unit: .bitsPerSecond)
        return Finding(
            rule: .memberDown, severity: .critical, subject: .member(asn: asn),
            summary: "Every port of \(name) (AS\(asn)) is down: sw1 Ethernet7, sw2 Ethernet7.",
            message: LocalizedText("member_down.summary", ["member": "\(name) (AS\(asn))", "ports": "sw1 Ethernet7, sw2 Ethernet7"]),
            evidence: evidence, labels: ["member_asn": "\(asn)", "member_name": name, "switch": "sw1"],
            state: state, firstSeen: since - 120, lastSeen: since, firingSince: state == .pending ? nil : since)
    }

    static func portDown(_ index: Int, state: FindingState = .firing, since: Double = 1_790_000_000) -> Finding {
        Finding(
            rule: .portDown, severity: .warning, subject: .port(switch: "sw1", interface: "Ethernet\(index)"),
            summary: "sw1 Ethernet\(index) (AS\(65000 + index)) is down while administratively up.",
            message: LocalizedText("port_down.summary", ["port": "sw1 Ethernet\(index)", "member": "AS\(65000 + index)"]),
            labels: ["member_asn": "\(65000 + index)", "switch": "sw1", "interface": "Ethernet\(index)"],
            state: state, firstSeen: since - 60, lastSeen: since, firingSince: state == .pending ? nil : since)
    }

    static func lanViolation(since: Double = 1_790_000_000) -> Finding {
        var evidence = Evidence()
        evidence.add("frames", 12, unit: .count)
        evidence.add("first_frame", text: "Ethernet 02:00:00:00:00:01 → 01:80:c2:00:00:00, LLC, STP BPDU\n  root 8000.02:00:00:00:00:01, cost 0")
        return Finding(
            rule: .lanViolation, severity: .critical, subject: .mac("02:00:00:00:00:01"),
            summary: "AS64501 (02:00:00:00:00:01) sent frames that break the rule no_stp: 12 in the last interval.",
            message: LocalizedText("lan_violation.summary", ["member": "AS64501", "mac": "02:00:00:00:00:01",
                                                              "lan_rule": "no_stp", "count": "12"]),
            evidence: evidence, labels: ["member_asn": "64501", "mac": "02:00:00:00:00:01"],
            state: .firing, firstSeen: since, lastSeen: since, firingSince: since)
    }

    static func fallingTraffic(since: Double = 1_790_000_000) -> Finding {
        var evidence = Evidence()
        evidence.add("p95_daily_peak_previous_quarter", 12e9, unit: .bitsPerSecond)
        evidence.add("p95_daily_peak_last_quarter", 9e9, unit: .bitsPerSecond)
        evidence.add("quarter_on_quarter", -0.25, unit: .ratio)
        evidence.add("p_value", 0.004, unit: .pValue)
        return Finding(
            rule: .fallingTraffic, severity: .warning, subject: .exchange,
            summary: "Peak traffic is falling.",
            message: LocalizedText("falling_traffic.warning", ["previous": "12 Gbit/s", "current": "9 Gbit/s", "qoq": "-25%",
                                                                "slope": "-1.5 Gbit/s", "p": "0.004"]),
            evidence: evidence, state: .firing, firstSeen: since, lastSeen: since, firingSince: since)
    }

    static func configuration(port: Int = 25, security: SMTPSecurity = .none, routes: [Route]? = nil,
                              timing: NotificationTiming = NotificationTiming(), language: Language = .english) -> AlertingConfiguration {
        AlertingConfiguration(
            externalURL: "http://ixp-health.example.net:9470/",
            smtp: SMTPConfiguration(host: "127.0.0.1", port: port, security: security, heloName: "ixp-health.test",
                                    connectTimeout: 3, commandTimeout: 5, dataTimeout: 5),
            from: MailAddress("ixp-health@example.net", displayName: "IXP Health — Dakar"),
            language: language, timing: timing,
            receivers: [Receiver(name: "noc", to: [MailAddress("noc@example.net")]),
                        Receiver(name: "member", to: [MailAddress("peering@member.example")])],
            routes: routes ?? [Route(receiver: "noc")])
    }
}
