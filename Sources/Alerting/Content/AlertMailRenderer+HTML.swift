import Detection
import IXPCore

extension AlertMailRenderer {
    /// The HTML body: simple, inline CSS, no external resources.
    public func html(for notification: AlertNotification) -> String {
        html(for: notification, charts: [:])
    }

    /// The HTML body, showing `charts` as images (`cid:` addresses of the mail's inline parts).
    func html(for notification: AlertNotification, charts: [String: AttachedChart]) -> String {
        let e = MarkupEscaping.escape
        var out = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8"><title>\(e(subject(for: notification)))</title></head>
            <body style="margin:0;padding:16px;background:#f4f5f7;font-family:Helvetica,Arial,sans-serif;color:#1f2328;font-size:14px;line-height:1.45">
            <div style="max-width:760px;margin:0 auto;background:#ffffff;border:1px solid #d0d7de;border-radius:6px;padding:16px 20px">
            <p style="margin:0 0 12px 0;font-size:15px">\(e(intro(notification)))</p>

            """
        let now = notification.createdAt
        for (heading, findings, resolved) in [(say("mail.heading.firing"), notification.firing, false),
                                              (say("mail.heading.resolved"), notification.resolved, true)]
            where !findings.isEmpty
        {
            out += "<h2 style=\"font-size:16px;margin:16px 0 8px 0\">\(e(heading)) (\(findings.count))</h2>\n"
            for finding in findings.prefix(maximumDetailed) {
                var section = section(finding, resolved: resolved, now: now)
                section.chart = charts[finding.id]
                out += htmlSection(section)
            }
            if findings.count > maximumDetailed {
                out += "<p>\(e(say("mail.more", ["count": "\(findings.count - maximumDetailed)"])))</p>\n"
            }
        }
        let links = links()
        if !links.isEmpty {
            out += "<p style=\"margin:16px 0 0 0\">"
            out += links.map { link in
                "<a href=\"\(e(link.url))\" style=\"color:#0969da\">\(e(link.label))</a>"
            }.joined(separator: " · ")
            out += "</p>\n"
        }
        out += "<p style=\"margin:16px 0 0 0;color:#656d76;font-size:12px\">\(e(say("mail.footer")))</p>\n"
        out += "</div></body></html>\n"
        return out
    }

    private func htmlSection(_ section: Section) -> String {
        let e = MarkupEscaping.escape
        let colour = section.resolved ? "#1a7f37" : Self.colour(section.finding.severity)
        var out = "<div style=\"border-left:4px solid \(colour);padding:4px 0 4px 12px;margin:0 0 14px 0\">\n"
        if let title = section.zombieTitle {
            out += "<div style=\"font-weight:bold;font-size:15px\">\(e(title))</div>\n"
            if let verdict = section.zombieVerdict {
                out += "<div style=\"color:\(colour);font-weight:bold\">\(e(verdict))</div>\n"
            }
            out += "<div style=\"color:#656d76\">\(e(say("mail.zombie.intro")))</div>\n"
        } else {
            out += "<div style=\"font-weight:bold;color:\(colour)\">\(e(section.heading))</div>\n"
        }
        out += "<p style=\"margin:4px 0 6px 0\">\(e(section.summary))</p>\n"
        out += "<table style=\"border-collapse:collapse;font-size:13px\">\n"
        for row in section.rows {
            out += "<tr><td style=\"padding:1px 12px 1px 0;color:#656d76;white-space:nowrap\">\(e(row.label))</td>"
                + "<td style=\"padding:1px 0\">\(e(row.value))</td></tr>\n"
        }
        out += "</table>\n"
        if !section.evidence.isEmpty {
            out += "<div style=\"margin-top:6px;font-weight:bold;font-size:13px\">\(e(say("mail.label.evidence")))</div>\n"
            out += "<table style=\"border-collapse:collapse;font-size:13px\">\n"
            for item in section.evidence {
                out += "<tr><td style=\"padding:1px 12px 1px 0;color:#656d76\">\(e(item.label))</td>"
                    + "<td style=\"padding:1px 0;font-variant-numeric:tabular-nums\">\(e(item.value))</td></tr>\n"
            }
            out += "</table>\n"
        }
        if let frame = section.firstFrame {
            out += "<div style=\"margin-top:6px;font-weight:bold;font-size:13px\">\(e(say("mail.label.first_frame")))</div>\n"
            out += "<pre style=\"margin:4px 0;padding:8px;background:#f6f8fa;border:1px solid #d0d7de;font-size:12px;"
                + "white-space:pre-wrap\">\(e(frame))</pre>\n"
        }
        if let chart = section.chart {
            let size = MailChart()
            out += "<div style=\"margin-top:6px;font-weight:bold;font-size:13px\">\(e(say("mail.label.chart"))): \(e(chart.series.title))</div>\n"
            out += "<img src=\"\(e(chart.image.url))\" width=\"\(size.width)\" height=\"\(size.height)\" alt=\"\(e(chart.series.title))\" "
                + "style=\"display:block;margin:4px 0;border:0;max-width:100%;height:auto\">\n"
            out += "<div style=\"color:#656d76;font-size:12px;font-variant-numeric:tabular-nums\">\(e(chartNumbers(chart.series)))</div>\n"
        }
        out += "</div>\n"
        return out
    }

    static func colour(_ severity: Severity) -> String {
        switch severity {
        case .critical: "#cf222e"
        case .warning: "#9a6700"
        case .info: "#0969da"
        }
    }
}
