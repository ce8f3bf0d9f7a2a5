public import Detection
import IXPCore

/// The health report as one self-contained HTML5 page, the page an exchange's board or a
/// funding programme reads each month: an overall verdict, one verdict per board question
/// (`ReportAxis`) with what changed since the last report, the key figures, a verdict card per
/// symptom, two years of peak traffic with its trend, joins and leaves per month, traffic
/// shares, idle and full ports, the findings with their evidence, and the top members.
///
/// The page loads nothing: the style is inline, the charts are inline SVG drawn by `SVGChart`,
/// there is no script, font or image by URL. Every string from data is escaped. A verdict is
/// never shown by colour alone: it always has its word and an icon of its own shape. The page
/// prints on A4 with each part on its own page.
public enum HealthReportHTML {
    /// How many members the page lists.
    public static let topMembers = 20
    /// How many evidence items a symptom card shows.
    public static let cardEvidence = 4

    /// `report` as HTML in `language` (the report's own language by default).
    public static func render(_ report: HealthReport, language: Language? = nil) -> String {
        let words = ReportLocalizer(language: language ?? report.language)
        let format = words.format
        let members = words.membersByASN(report)
        let exchange = report.exchange
        var html = """
        <!DOCTYPE html>
        <html lang="\(words.language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light">
        <meta name="generator" content="ixp-health">
        <title>\(e(exchange.name)) — \(e(words.text("report.title"))) — \(format.date(report.generatedAt))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <main class="page">

        """

        // Masthead.
        html += """
        <header class="masthead">
        <div><div class="eyebrow">\(e(words.text("report.title")))</div><h1>\(e(exchange.name))</h1></div>
        <p class="meta"><span>\(e(words.text("report.generated", ["date": format.dateTime(report.generatedAt)])))</span>\
        <span>\(e(words.history(exchange)))</span></p>
        </header>

        """

        // Overall verdict and one chip per symptom.
        let worst = report.worstVerdict
        let symptoms = words.orderedSymptoms(report)
        html += "<section class=\"banner v-\(worst.rawValue)\" role=\"status\" aria-label=\"\(e(words.verdict(worst)))\">"
        html += icon(worst, big: true)
        html += "<div><p class=\"banner-title\">\(e(words.overall(report)))</p>"
        html += "<p class=\"banner-counts\">\(e(words.overallCounts(report)))</p>"
        html += "<ul class=\"chips\">"
        for symptom in symptoms {
            html += "<li class=\"v-\(symptom.verdict.rawValue)\" title=\"\(e(words.verdict(symptom.verdict)))\">"
            html += icon(symptom.verdict) + "<span>\(e(words.title(of: symptom.rule)))</span>"
            html += "</li>"
        }
        html += "</ul></div></section>\n"

        html += board(report, words: words)
        html += figures(report, words: words)
        html += symptomCards(symptoms, words: words)

        // Traffic.
        html += "<section id=\"traffic\" class=\"page-break\"><h2>\(e(words.text("section.traffic")))</h2>"
        html += "<figure>" + SVGChart.timeSeries(report.charts.dailyPeaks, trend: report.charts.trend, localizer: words)
        var caption: String
        if let trend = report.charts.trend, trend.changePerQuarter.isFinite {
            caption = words.text("chart.traffic.caption", [
                "change": format.percent(trend.changePerQuarter, decimals: 1, signed: true), "p": format.pStatement(trend.pValue),
            ])
        } else {
            caption = words.text("chart.traffic.caption_no_trend")
        }
        if report.charts.dailyPeaks.contains(where: { !$0.value.isFinite }) { caption += " " + words.text("chart.traffic.gap") }
        html += "<figcaption>\(e(caption))</figcaption></figure></section>\n"

        // Membership.
        html += "<section id=\"membership\"><h2>\(e(words.text("section.membership")))</h2><figure>"
        html += SVGChart.membership(report.charts.membership, localizer: words)
        html += "<figcaption>\(e(words.text("chart.membership.caption")))</figcaption></figure></section>\n"

        // Shares.
        html += "<section id=\"shares\" class=\"page-break\"><h2>\(e(words.text("section.shares")))</h2><figure>"
        html += SVGChart.shares(report.charts.shares, localizer: words)
        html += "<figcaption>\(e(words.text("chart.shares.caption")))</figcaption></figure></section>\n"

        // Ports.
        html += "<section id=\"ports\"><h2>\(e(words.text("section.ports")))</h2><div class=\"stack\">"
        html += portTable(words.text("section.idle_ports"), words.text("ports.idle_caption"), report.charts.idlePorts,
                          empty: words.text("ports.none_idle"), words: words, members: members)
        html += portTable(words.text("section.outgrown_ports"), words.text("ports.outgrown_caption"), report.charts.outgrownPorts,
                          empty: words.text("ports.none_outgrown"), words: words, members: members)
        html += "</div></section>\n"

        html += findingsTable(report, words: words, members: members)
        html += membersTable(report, words: words)

        html += "<footer>\(e(words.text("report.footer", ["not_enough_data": words.verdict(.notEnoughData)])))</footer>\n"
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    /// Escapes text from data for the page.
    static func e(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// Escapes a sentence and keeps each ISO date in it on one line (a browser would
    /// otherwise break `2026-10-17` at a hyphen).
    static func prose(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        var plain = ""
        var index = 0
        func isDigit(_ offset: Int) -> Bool { offset < characters.count && characters[offset].isASCII && characters[offset].isNumber }
        while index < characters.count {
            let isDate = index + 10 <= characters.count
                && (0..<4).allSatisfy { isDigit(index + $0) } && characters[index + 4] == "-"
                && isDigit(index + 5) && isDigit(index + 6) && characters[index + 7] == "-" && isDigit(index + 8) && isDigit(index + 9)
            if isDate {
                out += e(plain)
                plain = ""
                out += "<span class=\"num\">\(String(characters[index..<index + 10]))</span>"
                index += 10
            } else {
                plain.append(characters[index])
                index += 1
            }
        }
        return out + e(plain)
    }

    // MARK: Parts

    /// A small inline icon whose shape says the verdict without colour: a circle with a tick
    /// (ok), a triangle with an exclamation mark (warning), an octagon with a cross (critical),
    /// a dashed circle with a question mark (not enough data).
    static func icon(_ verdict: Verdict, big: Bool = false) -> String {
        let cls = big ? "icon big" : "icon"
        let open = "<svg class=\"\(cls)\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\">"
        switch verdict {
        case .ok:
            return open + "<circle cx=\"10\" cy=\"10\" r=\"9\" fill=\"currentColor\"/><path d=\"M5.5 10.4l3 3 6-6.6\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2.2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/></svg>"
        case .warning:
            return open + "<path d=\"M10 1.6l9 16.2H1z\" fill=\"currentColor\" stroke=\"currentColor\" stroke-width=\"1.2\" stroke-linejoin=\"round\"/><path d=\"M10 7.2v5.2\" stroke=\"#fff\" stroke-width=\"2.2\" stroke-linecap=\"round\"/><circle cx=\"10\" cy=\"15.2\" r=\"1.25\" fill=\"#fff\"/></svg>"
        case .critical:
            return open + "<path d=\"M6.3 1h7.4L19 6.3v7.4L13.7 19H6.3L1 13.7V6.3z\" fill=\"currentColor\"/><path d=\"M6.6 6.6l6.8 6.8M13.4 6.6l-6.8 6.8\" stroke=\"#fff\" stroke-width=\"2.2\" stroke-linecap=\"round\"/></svg>"
        case .notEnoughData:
            return open + "<circle cx=\"10\" cy=\"10\" r=\"8.4\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\" stroke-dasharray=\"3 2.2\"/><path d=\"M7.6 7.7a2.5 2.5 0 1 1 3.4 2.3c-.7.3-1 .8-1 1.5v.6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.9\" stroke-linecap=\"round\"/><circle cx=\"10\" cy=\"14.6\" r=\"1.15\" fill=\"currentColor\"/></svg>"
        }
    }

    /// The icon of an informational finding: a circle with an "i".
    static let infoIcon = "<svg class=\"icon\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\">"
        + "<circle cx=\"10\" cy=\"10\" r=\"8.4\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\"/>"
        + "<path d=\"M10 9v5.2\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\"/><circle cx=\"10\" cy=\"6.1\" r=\"1.2\" fill=\"currentColor\"/></svg>"

    /// The verdict badge: icon and word.
    static func badge(_ verdict: Verdict, words: ReportLocalizer) -> String {
        "<span class=\"verdict v-\(verdict.rawValue)\">\(icon(verdict))\(e(words.verdict(verdict)))</span>"
    }

    static func figures(_ report: HealthReport, words: ReportLocalizer) -> String {
        let format = words.format
        let exchange = report.exchange
        let traffic = exchange.traffic
        func figure(_ label: String, _ value: String, note: String? = nil) -> String {
            var html = "<div class=\"figure\"><div class=\"label\">\(e(label))</div><div class=\"value\">\(e(value))</div>"
            if let note { html += "<div class=\"note\">\(e(note))</div>" }
            return html + "</div>"
        }
        func change(_ now: Double, _ before: Double) -> String? {
            guard now.isFinite, before.isFinite, before > 0 else { return nil }
            return words.text("figure.change_since", ["change": format.percent(now / before - 1, decimals: 0, signed: true)])
        }
        var html = "<section class=\"figures\" aria-label=\"\(e(words.text("section.glance")))\">"
        html += figure(words.text("figure.active_members"), words.count(exchange.activeMembers),
                       note: words.membersUnknownReason(exchange)
                           ?? words.text("figure.members_note", ["members": words.count(exchange.members)]))
        if let portsUp = exchange.portsUp {
            html += figure(words.text("figure.ports"), format.count(portsUp),
                           note: words.text("figure.ports_note", ["ports": format.count(exchange.ports)]))
        } else {
            html += figure(words.text("figure.ports"), words.text("value.unknown"), note: words.portsUpUnknownReason(exchange))
        }
        html += figure(words.text("figure.capacity"), format.bitsPerSecond(exchange.capacityBitsPerSecond))
        html += figure(words.text("figure.peak_day"), format.bitsPerSecond(traffic.peakLastDayBitsPerSecond),
                       note: words.text("figure.traffic_now") + " " + format.bitsPerSecond(traffic.currentBitsPerSecond))
        html += figure(words.text("figure.p95_quarter"), format.bitsPerSecond(traffic.p95DailyPeakLastQuarterBitsPerSecond))
        let previous = traffic.p95DailyPeakPreviousQuarterBitsPerSecond
        html += figure(words.text("figure.p95_previous"), format.bitsPerSecond(previous),
                       note: change(traffic.p95DailyPeakLastQuarterBitsPerSecond, previous))
        let yearAgo = traffic.p95DailyPeakYearAgoBitsPerSecond
        html += figure(words.text("figure.p95_year_ago"), format.bitsPerSecond(yearAgo),
                       note: change(traffic.p95DailyPeakLastQuarterBitsPerSecond, yearAgo))
        let history: String
        if let from = exchange.historyFrom, let to = exchange.historyTo, from.isFinite, to.isFinite {
            history = format.duration(to - from)
        } else {
            history = ValueFormatter.unknown
        }
        html += figure(words.text("figure.history"), history,
                       note: exchange.historyFrom.map { words.text("window", ["from": format.date($0), "to": format.date(exchange.historyTo ?? $0)]) })
        return html + "</section>\n"
    }

    static func symptomCards(_ symptoms: [Symptom], words: ReportLocalizer) -> String {
        let format = words.format
        var html = "<section id=\"symptoms\"><h2>\(e(words.text("section.symptoms")))</h2><div class=\"cards\">"
        for symptom in symptoms {
            html += "<article class=\"card v-\(symptom.verdict.rawValue)\"><header><h3>\(e(words.title(of: symptom.rule)))</h3>"
            html += badge(symptom.verdict, words: words) + "</header>"
            html += "<p>\(prose(words.summary(of: symptom)))</p>"
            let items = symptom.evidence.items.prefix(cardEvidence)
            if !items.isEmpty {
                html += "<dl class=\"evidence\" aria-label=\"\(e(words.text("symptoms.evidence")))\">"
                for item in items {
                    html += "<dt>\(e(format.label(of: item)))</dt><dd>\(e(format.value(of: item, maxListItems: 5)))"
                    if let window = format.window(of: item) { html += "<span class=\"window\">\(e(window))</span>" }
                    html += "</dd>"
                }
                html += "</dl>"
            }
            html += "</article>"
        }
        return html + "</div></section>\n"
    }

    static func portTable(_ title: String, _ caption: String, _ ports: [PortOverview], empty: String, words: ReportLocalizer,
                          members: [UInt32: MemberOverview]) -> String {
        let format = words.format
        var html = "<div class=\"ports\"><h3>\(e(title))</h3><p class=\"caption\">\(e(caption))</p>"
        guard !ports.isEmpty else { return html + "<p class=\"empty\">\(e(empty))</p></div>" }
        html += "<table class=\"port-table\"><colgroup><col style=\"width:22%\"><col style=\"width:32%\"><col style=\"width:12%\">"
        html += "<col style=\"width:16%\"><col style=\"width:18%\"></colgroup>"
        html += "<thead><tr><th>\(e(words.text("column.port")))</th><th>\(e(words.text("column.member")))</th>"
        html += "<th class=\"r\">\(e(words.text("column.speed")))</th><th class=\"r\">\(e(words.text("column.traffic_p95_short")))</th>"
        html += "<th class=\"r\">\(e(words.text("column.utilisation")))</th></tr></thead><tbody>"
        for port in ports {
            let owner = words.owner(of: port, members: members)
            html += "<tr><td class=\"port\">\(e(port.switchName)) \(e(port.interface))</td><td class=\"name\">\(e(owner.isEmpty ? ValueFormatter.unknown : owner))</td>"
            html += "<td class=\"r\">\(e(format.bitsPerSecond(port.speedBitsPerSecond)))</td>"
            html += "<td class=\"r\">\(e(format.bitsPerSecond(port.p95BitsPerSecond)))</td>"
            html += "<td class=\"r\">\(e(format.percent(port.utilisation)))"
            if port.utilisation.isFinite {
                let fill = Swift.max(1, Swift.min(port.utilisation, 1) * 70)
                html += "<span class=\"bar-track\"><span class=\"bar\" style=\"width:\(Int(fill.rounded()))px\"></span></span>"
            }
            html += "</td></tr>"
        }
        return html + "</tbody></table></div>"
    }

    static func findingsTable(_ report: HealthReport, words: ReportLocalizer, members: [UInt32: MemberOverview]) -> String {
        let format = words.format
        let findings = words.orderedFindings(report)
        var html = "<section id=\"findings\" class=\"page-break\"><h2>\(e(words.text("section.findings")))</h2>"
        guard !findings.isEmpty else { return html + "<p class=\"empty\">\(e(words.text("findings.none")))</p></section>\n" }
        html += "<p class=\"lead\">\(e(words.text("findings.count", ["count": format.count(findings.count)])))</p>"
        html += "<table><thead><tr><th>\(e(words.text("column.severity")))</th><th>\(e(words.text("column.subject")))</th>"
        html += "<th>\(e(words.text("column.summary")))</th><th class=\"r\">\(e(words.text("column.since")))</th></tr></thead><tbody>"
        for finding in findings {
            let verdict = Verdict(severity: finding.severity)
            let cls = finding.severity == .info ? "v-not_enough_data" : "v-\(verdict.rawValue)"
            html += "<tr><td><span class=\"sev \(cls)\">\(finding.severity == .info ? infoIcon : icon(verdict))\(e(words.severity(finding.severity)))</span>"
            if finding.state != .firing { html += "<span class=\"state\">\(e(words.state(finding.state)))</span>" }
            html += "</td><td class=\"name\">\(e(words.subject(of: finding, members: members)))</td>"
            html += "<td><div class=\"finding-summary\">\(prose(words.summary(of: finding)))</div>"
            if !finding.evidence.isEmpty {
                html += "<ul class=\"ev\">"
                for item in finding.evidence.items {
                    html += "<li>" + Phrasebook.render("evidence.line", [
                        "label": e(format.label(of: item)), "value": "<b>\(e(format.value(of: item, maxListItems: 6)))</b>",
                    ], in: words.language)
                    if let window = format.window(of: item) { html += " (\(e(window)))" }
                    html += "</li>"
                }
                html += "</ul>"
            }
            if let cause = finding.inhibitedBy {
                html += "<span class=\"state\">\(e(words.text("finding.explained_by", ["id": cause])))</span>"
            }
            html += "</td><td class=\"r\">\(e(format.date(finding.firingSince ?? finding.firstSeen)))"
            if finding.state == .resolved, let resolved = finding.resolvedAt {
                html += "<span class=\"state\">\(e(words.text("finding.resolved", ["date": format.date(resolved)])))</span>"
            }
            html += "</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    static func membersTable(_ report: HealthReport, words: ReportLocalizer) -> String {
        let format = words.format
        let ranked = words.rankedMembers(report)
        let shown = Array(ranked.prefix(topMembers))
        var html = "<section id=\"members\" class=\"page-break\"><h2>\(e(words.text("section.members_top", ["count": format.count(shown.count)])))</h2>"
        guard !shown.isEmpty else { return html + "<p class=\"empty\">\(e(words.text("members.none")))</p></section>\n" }
        html += "<p class=\"lead\">\(e(words.text("members.caption")))</p>"
        html += "<table><thead><tr><th class=\"r\">\(e(words.text("column.rank")))</th><th>\(e(words.text("column.asn")))</th>"
        html += "<th>\(e(words.text("column.name")))</th><th class=\"r\">\(e(words.text("column.ports")))</th>"
        html += "<th class=\"r\">\(e(words.text("column.traffic_p95")))</th><th class=\"r\">\(e(words.text("column.share")))</th>"
        html += "<th>\(e(words.text("column.route_server")))</th><th class=\"r\">\(e(words.text("column.member_since")))</th></tr></thead><tbody>"
        let maxShare = shown.map(\.trafficShare).filter(\.isFinite).max() ?? 0
        for (index, member) in shown.enumerated() {
            let session = member.routeServerSession.map { words.text($0 ? "value.yes" : "value.no") } ?? words.text("value.unknown")
            html += "<tr><td class=\"r\">\(index + 1)</td><td class=\"num\">AS\(member.asn)</td><td class=\"name\">\(e(words.name(of: member)))</td>"
            html += "<td class=\"r\">\(e(format.count(member.ports.count)))</td>"
            html += "<td class=\"r\">\(e(format.bitsPerSecond(member.trafficP95BitsPerSecond)))</td>"
            html += "<td class=\"r\">\(e(format.percent(member.trafficShare)))"
            if member.trafficShare.isFinite && maxShare > 0 {
                let length = Swift.max(1, member.trafficShare / maxShare * 70)
                html += "<span class=\"bar-track\"><span class=\"bar\" style=\"width:\(Int(length.rounded()))px\"></span></span>"
            }
            html += "</td><td>\(e(session))</td><td class=\"r\">\(e(member.memberSince.map(format.date) ?? ValueFormatter.unknown))</td></tr>"
        }
        html += "</tbody></table>"
        if ranked.count > shown.count {
            html += "<p class=\"more\">\(e(words.text("members.not_shown", ["count": format.count(ranked.count - shown.count)])))</p>"
        }
        return html + "</section>\n"
    }
}
