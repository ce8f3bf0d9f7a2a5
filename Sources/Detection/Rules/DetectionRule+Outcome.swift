import IXPCore
import Members

extension DetectionRule {
    /// The outcome of a zombie-IXP rule: its symptom and, when the verdict is a problem, a
    /// finding about the exchange with the same words and evidence. The configured severity,
    /// if any, decides how bad a problem is.
    func symptom(_ id: RuleID, _ verdict: Verdict, _ text: LocalizedText, _ evidence: Evidence,
                 _ context: DetectionContext, extraFindings: [FindingCandidate] = []) -> RuleOutcome {
        var verdict = verdict
        var findings = extraFindings
        if verdict.isProblem {
            let severity = context.settings(id).severity ?? (verdict == .critical ? .critical : .warning)
            verdict = Verdict(severity: severity)
            findings.insert(FindingCandidate(rule: id, severity: severity, subject: .exchange, message: text, evidence: evidence), at: 0)
        }
        let symptom = Symptom(rule: id, verdict: verdict, summary: Wording.render(text), message: text, evidence: evidence)
        return RuleOutcome(symptom: symptom, findings: findings)
    }

    /// A finding candidate about a port, with the port and member in its words and labels.
    func portFinding(_ id: RuleID, _ port: MonitoredPort, _ context: DetectionContext, severity: Severity? = nil,
                     arguments: [String: String] = [:], numbers: [String: NumberArgument] = [:],
                     evidence: Evidence = Evidence(), explainedBy: String? = nil) -> FindingCandidate {
        var words = arguments
        words["port"] = port.displayName
        words["member"] = port.memberASN.map { context.memberName($0) } ?? Wording.render("unknown_member")
        var labels = port.findingLabels
        if let asn = port.memberASN, let name = context.members?.member(asn: asn)?.name { labels["member_name"] = name }
        return FindingCandidate(rule: id, severity: severity ?? context.settings(id).severity ?? .warning, subject: port.subject,
                                message: LocalizedText("\(id.rawValue).summary", words, numbers: numbers),
                                evidence: evidence, labels: labels, explainedBy: explainedBy)
    }
}

/// Lists for summaries: the first few items and how many more.
enum SummaryList {
    /// `a, b, c and 4 more` (the "more" part in English; lists are names, not prose).
    static func text(_ items: [String], limit: Int = 8) -> String {
        guard items.count > limit else { return items.joined(separator: ", ") }
        return items.prefix(limit).joined(separator: ", ") + " (+\(items.count - limit))"
    }
}
