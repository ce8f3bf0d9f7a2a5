public import Detection
import Members

/// The first page's phrases: an axis's title, question and reason, and what changed since the
/// last report, shared by the text and HTML reports.
extension ReportLocalizer {
    /// An axis's short title: `Traffic`, `Pilotage`.
    public func title(of axis: ReportAxis) -> String { text("axis.\(axis.rawValue).title") }

    /// The checklist question an axis answers.
    public func question(of axis: ReportAxis) -> String { text("axis.\(axis.rawValue).question") }

    /// Why an axis has its verdict: the summary of the first symptom that decided it (for not
    /// enough data, what is missing), and how many more did; that it is not judged when the
    /// report carries none of its symptoms.
    public func reason(of axis: AxisVerdict, in report: HealthReport) -> String {
        guard let first = axis.decidedBy.first, let symptom = report.symptoms.first(where: { $0.rule == first })
        else { return text("board.not_judged") }
        let summary = summary(of: symptom)
        guard axis.decidedBy.count > 1 else { return summary }
        return summary + " (" + text("board.more", ["count": format.count(axis.decidedBy.count - 1)]) + ")"
    }

    /// The heading of the changes: `What changed since 2026-12-01`.
    public func changesHeading(_ changes: ReportChanges) -> String {
        text("section.changes", ["date": format.date(changes.since)])
    }

    /// The two count lines of the changes: findings opened and closed, members joined and left
    /// (each "unknown", with why, when it is).
    public func changeCounts(_ changes: ReportChanges) -> [String] {
        var lines: [String] = []
        if let opened = changes.opened, let closed = changes.closed {
            lines.append(text("changes.findings", ["opened": format.count(opened.count), "closed": format.count(closed.count)]))
        } else {
            lines.append(text("changes.findings_unknown"))
        }
        if let joins = changes.joins, let leaves = changes.leaves {
            lines.append(text("changes.members", ["joins": format.count(joins.count), "leaves": format.count(leaves.count)]))
        } else {
            lines.append(text("changes.members_unknown"))
        }
        return lines
    }

    /// One line per change, in order: findings opened, findings closed, joins, leaves.
    public func changeItems(_ changes: ReportChanges, in report: HealthReport) -> [String] {
        let findings = Dictionary(report.findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let members = membersByASN(report)
        var lines: [String] = []
        for id in changes.opened ?? [] {
            guard let finding = findings[id] else { continue }
            lines.append(text("changes.opened_item", [
                "date": format.date(finding.firingSince ?? finding.firstSeen),
                "subject": subject(of: finding, members: members), "summary": summary(of: finding)]))
        }
        for id in changes.closed ?? [] {
            guard let finding = findings[id], let resolved = finding.resolvedAt else { continue }
            lines.append(text("changes.closed_item", [
                "date": format.date(resolved), "subject": subject(of: finding, members: members), "summary": summary(of: finding)]))
        }
        func member(_ event: MembershipEvent) -> String {
            let name = event.name ?? members[event.asn]?.name
            return name.map { "AS\(event.asn) \($0)" } ?? "AS\(event.asn)"
        }
        for event in changes.joins ?? [] {
            lines.append(text("changes.join_item", ["date": format.date(event.at), "member": member(event)]))
        }
        for event in changes.leaves ?? [] {
            lines.append(text("changes.leave_item", ["date": format.date(event.at), "member": member(event)]))
        }
        return lines
    }
}
