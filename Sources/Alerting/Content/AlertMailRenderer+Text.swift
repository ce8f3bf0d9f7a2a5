import Detection

extension AlertMailRenderer {
    /// The plain-text body.
    public func text(for notification: AlertNotification) -> String {
        text(for: notification, charts: [:])
    }

    /// The plain-text body, stating the numbers of the `charts` the HTML version shows.
    func text(for notification: AlertNotification, charts: [String: AttachedChart]) -> String {
        var out: [String] = [intro(notification), ""]
        let now = notification.createdAt
        for (heading, findings, resolved) in [(say("mail.heading.firing"), notification.firing, false),
                                              (say("mail.heading.resolved"), notification.resolved, true)]
            where !findings.isEmpty
        {
            out.append("\(heading) (\(findings.count))")
            out.append(String(repeating: "=", count: heading.count + 4 + String(findings.count).count))
            out.append("")
            for finding in findings.prefix(maximumDetailed) {
                var section = section(finding, resolved: resolved, now: now)
                section.chart = charts[finding.id]
                out += textSection(section)
                out.append("")
            }
            if findings.count > maximumDetailed {
                out.append(say("mail.more", ["count": "\(findings.count - maximumDetailed)"]))
                out.append("")
            }
        }
        for link in links() { out.append(say("mail.link.line", ["label": link.label, "url": link.url])) }
        if !links().isEmpty { out.append("") }
        out.append("-- ")
        out.append(say("mail.footer"))
        return out.joined(separator: "\n") + "\n"
    }

    private func textSection(_ section: Section) -> [String] {
        var out: [String] = []
        if let title = section.zombieTitle {
            out.append(title)
            if let verdict = section.zombieVerdict { out.append(verdict) }
            out.append(say("mail.zombie.intro"))
            out.append("  " + section.summary)
        } else {
            out.append(section.heading)
            out.append("  " + section.summary)
        }
        let width = (section.rows.map(\.label.count) + [0]).max() ?? 0
        for row in section.rows {
            out.append("  " + row.label + ":" + String(repeating: " ", count: width - row.label.count + 1) + row.value)
        }
        if !section.evidence.isEmpty {
            out.append("  " + say("mail.label.evidence") + ":")
            for item in section.evidence { out.append("    - \(item.label): \(item.value)") }
        }
        if let frame = section.firstFrame {
            out.append("  " + say("mail.label.first_frame") + ":")
            for line in frame.split(separator: "\n", omittingEmptySubsequences: false) { out.append("    " + line) }
        }
        if let chart = section.chart {
            out.append("  " + say("mail.label.chart") + ": " + chart.series.title)
            out.append("    " + chartNumbers(chart.series))
            out.append("    " + say("mail.chart.see_html"))
        }
        return out
    }
}
