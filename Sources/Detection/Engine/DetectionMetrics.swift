public import IXPCore

/// The detector's metric families: what it publishes on `/metrics` after each evaluation.
public enum DetectionMetrics {
    /// `ixp_finding_active`, `ixp_zombie_symptom`, `ixp_findings` and the detector's own run metrics.
    public static func families(result: DetectionResult, findings: [Finding], duration: Double, at time: Double) -> [MetricFamily] {
        var active = MetricFamily(name: "ixp_finding_active",
                                  help: "1 for each firing finding (rule, severity, subject, and member_asn when the finding is about a member); inhibited ones included.",
                                  kind: .gauge)
        for finding in findings where finding.state == .firing {
            var labels = [("rule", finding.rule.rawValue), ("severity", finding.severity.rawValue),
                          ("subject", finding.subject.description)]
            if let asn = finding.memberASN { labels.append(("member_asn", String(asn))) }
            active.samples.append(MetricSample(labels: labels, value: 1))
        }
        let symptoms = MetricFamily(
            name: "ixp_zombie_symptom", help: "Zombie-IXP symptom verdict: 0 ok, 1 warning, 2 critical, -1 not enough data.",
            kind: .gauge,
            samples: result.symptoms.map { MetricSample(labels: [("rule", $0.rule.rawValue)], value: $0.verdict.metricValue) })
        let counts = MetricFamily(
            name: "ixp_findings", help: "Findings by state (resolved ones are kept for a week).", kind: .gauge,
            samples: FindingState.allCases.map { state in
                MetricSample(labels: [("state", state.rawValue)], value: Double(findings.filter { $0.state == state }.count))
            })
        return [
            active, symptoms, counts,
            MetricFamily(name: "ixp_detection_duration_seconds", help: "Duration of the detector's last evaluation.", kind: .gauge,
                         samples: [MetricSample(labels: [], value: duration)]),
            MetricFamily(name: "ixp_detection_last_evaluation_timestamp_seconds", help: "When the detector last evaluated (Unix time).",
                         kind: .gauge, samples: [MetricSample(labels: [], value: time)]),
        ]
    }
}
