public import Detection

/// The health report as plain text, for a terminal or a mail body: a header (exchange, date,
/// history), the overall verdict, the board's questions (one verdict per axis) and what changed
/// since the last report, the key figures, the verdict table (symptom, verdict,
/// summary), the findings with their evidence, the top members by traffic, and the idle and
/// full ports. Lines stay within `width` characters; nothing depends on colour.
public enum HealthReportText {
    /// How many members the text lists.
    public static let topMembers = 20

    /// `report` as text in `language` (the report's own language by default), `width` columns wide.
    public static func render(_ report: HealthReport, language: Language? = nil, width: Int = 100) -> String {
        let words = ReportLocalizer(language: language ?? report.language)
        let format = words.format
        let width = max(width, 60)
        let members = words.membersByASN(report)
        var out: [String] = []

        // Header.
        let title = words.text("report.heading", ["title": words.text("report.title"), "name": report.exchange.name])
        out.append(title)
        out.append(String(repeating: "=", count: min(title.count, width)))
        out.append(words.text("report.generated", ["date": format.dateTime(report.generatedAt)]) + " · " + words.history(report.exchange))
        out.append("")
        let worst = report.worstVerdict
        out.append("\(marker(worst)) \(words.overall(report))")
        out.append(contentsOf: wrap(words.overallCounts(report), width: width, indent: "    "))
        out.append("")
        out.append(contentsOf: board(report, words: words, width: width))

        // Key figures.
        out.append(contentsOf: heading(words.text("section.glance")))
        let exchange = report.exchange
        let traffic = exchange.traffic
        let figures: [(String, String)] = [
            (words.text("figure.members"), words.membersUnknownReason(exchange).map { words.text("figure.unknown_because", ["reason": $0]) }
                ?? words.text("figure.members_value", ["active": words.count(exchange.activeMembers), "members": words.count(exchange.members)])),
            (words.text("figure.ports"), words.portsUpUnknownReason(exchange).map { words.text("figure.unknown_because", ["reason": $0]) }
                ?? words.text("figure.ports_value", ["up": format.count(exchange.portsUp ?? 0), "ports": format.count(exchange.ports)])),
            (words.text("figure.capacity"), format.bitsPerSecond(exchange.capacityBitsPerSecond)),
            (words.text("figure.traffic_now"), format.bitsPerSecond(traffic.currentBitsPerSecond)),
            (words.text("figure.peak_day"), format.bitsPerSecond(traffic.peakLastDayBitsPerSecond)),
            (words.text("figure.p95_quarter"), format.bitsPerSecond(traffic.p95DailyPeakLastQuarterBitsPerSecond)),
            (words.text("figure.p95_previous"), format.bitsPerSecond(traffic.p95DailyPeakPreviousQuarterBitsPerSecond)),
            (words.text("figure.p95_year_ago"), format.bitsPerSecond(traffic.p95DailyPeakYearAgoBitsPerSecond)),
        ]
        let figureWidth = min(figures.map { $0.0.count }.max() ?? 0, width / 2)
        for (label, value) in figures {
            out.append("  " + pad(label, figureWidth) + "  " + plainSpaces(value))
        }
        out.append("")

        // Verdict table.
        out.append(contentsOf: heading(words.text("section.symptoms")))
        let symptoms = words.orderedSymptoms(report)
        let titleWidth = max(words.text("column.symptom").count, symptoms.map { words.title(of: $0.rule).count }.max() ?? 0)
        let verdictWidth = max(words.text("column.verdict").count, Verdict.allCases.map { words.verdict($0).count + 2 }.max() ?? 0)
        let summaryIndent = String(repeating: " ", count: 2 + titleWidth + 2 + verdictWidth + 2)
        let summaryWidth = max(width - summaryIndent.count, 30)
        out.append("  " + pad(words.text("column.symptom"), titleWidth) + "  " + pad(words.text("column.verdict"), verdictWidth) + "  " + words.text("column.summary"))
        out.append("  " + String(repeating: "-", count: titleWidth) + "  " + String(repeating: "-", count: verdictWidth) + "  " + String(repeating: "-", count: min(summaryWidth, 40)))
        for symptom in symptoms {
            let lines = wrap(words.summary(of: symptom), width: summaryWidth, indent: "")
            let first = "  " + pad(words.title(of: symptom.rule), titleWidth) + "  " + pad(verdictLabel(symptom.verdict, words), verdictWidth) + "  "
            out.append(first + (lines.first ?? ""))
            for line in lines.dropFirst() { out.append(summaryIndent + line) }
        }
        out.append("")

        // Findings.
        let findings = words.orderedFindings(report)
        out.append(contentsOf: heading(words.text("section.findings") + " (\(format.count(findings.count)))"))
        if findings.isEmpty {
            out.append("  " + words.text("findings.none"))
        }
        for finding in findings {
            var head = "[\(words.severity(finding.severity).uppercased())] \(words.subject(of: finding, members: members))"
            var since = words.text("finding.since", ["date": format.date(finding.firingSince ?? finding.firstSeen)])
            if finding.state == .resolved, let resolved = finding.resolvedAt {
                since = words.text("finding.resolved", ["date": format.date(resolved)])
            } else if finding.state == .pending {
                since += ", " + words.state(.pending).lowercased()
            }
            head += " — " + since
            out.append(contentsOf: wrap(head, width: width, indent: "      ", firstIndent: "  "))
            out.append(contentsOf: wrap(words.summary(of: finding), width: width, indent: "      ", firstIndent: "      "))
            for item in finding.evidence.items {
                out.append(contentsOf: evidenceLine(item, format: format, width: width))
            }
            out.append("")
        }
        if !findings.isEmpty { out.removeLast() }
        out.append("")

        // Members.
        let ranked = words.rankedMembers(report)
        out.append(contentsOf: heading(words.text("section.members_top", ["count": format.count(min(topMembers, ranked.count))])))
        if ranked.isEmpty {
            out.append("  " + words.text("members.none"))
        } else {
            let shown = Array(ranked.prefix(topMembers))
            let names = shown.map { "AS\($0.asn) \(words.name(of: $0))" }
            let nameWidth = min(max(names.map(\.count).max() ?? 0, words.text("column.member").count), 44)
            let trafficHeader = words.text("column.traffic_p95")
            let trafficValues = shown.map { plainSpaces(format.bitsPerSecond($0.trafficP95BitsPerSecond)) }
            let trafficWidth = max(trafficHeader.count, trafficValues.map(\.count).max() ?? 0)
            let shareHeader = words.text("column.share")
            let shareValues = shown.map { plainSpaces(format.percent($0.trafficShare)) }
            let shareWidth = max(shareHeader.count, shareValues.map(\.count).max() ?? 0)
            out.append("  " + pad(words.text("column.rank"), 3) + " " + pad(words.text("column.member"), nameWidth) + "  "
                       + padLeft(trafficHeader, trafficWidth) + "  " + padLeft(shareHeader, shareWidth) + "  " + words.text("column.route_server"))
            for (index, member) in shown.enumerated() {
                let session = member.routeServerSession.map { words.text($0 ? "value.yes" : "value.no") } ?? words.text("value.unknown")
                out.append("  " + padLeft(String(index + 1), 3) + " " + pad(truncate(names[index], nameWidth), nameWidth) + "  "
                           + padLeft(trafficValues[index], trafficWidth) + "  " + padLeft(shareValues[index], shareWidth) + "  " + session)
            }
            if ranked.count > shown.count {
                out.append("  " + words.text("members.not_shown", ["count": format.count(ranked.count - shown.count)]))
            }
        }
        out.append("")

        // Ports.
        out.append(contentsOf: portTable(words.text("section.idle_ports"), report.charts.idlePorts, empty: words.text("ports.none_idle"),
                                         words: words, members: members))
        out.append("")
        out.append(contentsOf: portTable(words.text("section.outgrown_ports"), report.charts.outgrownPorts, empty: words.text("ports.none_outgrown"),
                                         words: words, members: members))
        out.append("")
        out.append(contentsOf: wrap(words.text("report.footer", ["not_enough_data": words.verdict(.notEnoughData)]), width: width, indent: ""))
        return out.joined(separator: "\n") + "\n"
    }

    /// The first page: one line per board question with its verdict and reason, then what
    /// changed since the last report.
    static func board(_ report: HealthReport, words: ReportLocalizer, width: Int) -> [String] {
        var out = heading(words.text("section.board"))
        out.append(contentsOf: wrap(words.text("board.lead"), width: width, indent: "  ", firstIndent: "  "))
        out.append("")
        let axes = report.axes
        let titleWidth = axes.map { words.title(of: $0.axis).count }.max() ?? 0
        let verdictWidth = axes.map { verdictLabel($0.verdict, words).count }.max() ?? 0
        let indent = String(repeating: " ", count: 2 + 5 + titleWidth + 2 + verdictWidth + 2)
        for axis in axes {
            let marker = pad(marker(axis.verdict), 4)
            let prefix = "  " + marker + " " + pad(words.title(of: axis.axis), titleWidth) + "  "
                + pad(verdictLabel(axis.verdict, words), verdictWidth) + "  "
            out.append(contentsOf: wrap(words.question(of: axis.axis), width: width, indent: indent, firstIndent: prefix))
            out.append(contentsOf: wrap(words.reason(of: axis, in: report), width: width, indent: indent, firstIndent: indent))
        }
        out.append("")
        guard let changes = report.changes else { return out }
        out.append(contentsOf: heading(words.changesHeading(changes)))
        for line in words.changeCounts(changes) { out.append(contentsOf: wrap(line, width: width, indent: "    ", firstIndent: "  ")) }
        for line in words.changeItems(changes, in: report) {
            out.append(contentsOf: wrap("· " + line, width: width, indent: "      ", firstIndent: "    "))
        }
        out.append("")
        return out
    }

    /// The verdict as the table shows it: upper case for problems so they stand out without colour.
    static func verdictLabel(_ verdict: Verdict, _ words: ReportLocalizer) -> String {
        verdict.isProblem ? words.verdict(verdict).uppercased() : words.verdict(verdict)
    }

    /// A short marker for the overall verdict line.
    static func marker(_ verdict: Verdict) -> String {
        switch verdict {
        case .ok: "[OK]"
        case .warning: "[!]"
        case .critical: "[!!]"
        case .notEnoughData: "[?]"
        }
    }

    private static func heading(_ text: String) -> [String] {
        [text, String(repeating: "-", count: text.count)]
    }

    private static func evidenceLine(_ item: EvidenceItem, format: ValueFormatter, width: Int) -> [String] {
        var line = "· " + Phrasebook.render("evidence.line", [
            "label": ValueFormatter.label(forEvidence: item.name, in: format.language), "value": format.value(of: item),
        ], in: format.language)
        if let window = format.window(of: item) { line += " (" + window + ")" }
        return wrap(line, width: width, indent: "          ", firstIndent: "        ")
    }

    private static func portTable(_ title: String, _ ports: [PortOverview], empty: String, words: ReportLocalizer,
                                  members: [UInt32: MemberOverview]) -> [String] {
        var out = heading(title)
        guard !ports.isEmpty else { return out + ["  " + empty] }
        let format = words.format
        let header = [words.text("column.port"), words.text("column.member"), words.text("column.speed"),
                      words.text("column.p95"), words.text("column.utilisation")]
        var rows = ports.map { port in
            [
                "\(port.switchName) \(port.interface)", truncate(words.owner(of: port, members: members), 36),
                plainSpaces(format.bitsPerSecond(port.speedBitsPerSecond)), plainSpaces(format.bitsPerSecond(port.p95BitsPerSecond)),
                plainSpaces(format.percent(port.utilisation)),
            ]
        }
        rows.insert(header, at: 0)
        let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { column, cell in column < 2 ? pad(cell, widths[column]) : padLeft(cell, widths[column]) }
            out.append("  " + cells.joined(separator: "  "))
        }
        return out
    }

    /// No-break spaces (kept in HTML so that a number and its unit stay together) as plain
    /// spaces, so that terminals and mail clients align columns.
    static func plainSpaces(_ text: String) -> String {
        String(text.map { $0 == "\u{00A0}" ? " " : $0 })
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    static func truncate(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(width - 1, 1))) + "…"
    }

    /// `text` cut into lines of at most `width` characters at (breaking) spaces; the first line starts
    /// with `firstIndent` (none by default), the others with `indent`.
    static func wrap(_ text: String, width: Int, indent: String, firstIndent: String = "") -> [String] {
        var lines: [String] = []
        var line = firstIndent
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = lineHasWord ? line + " " + word : line + word
            if lineHasWord && candidate.count > width {
                lines.append(line)
                line = indent + word
            } else {
                line = candidate
            }
            lineHasWord = true
        }
        if lineHasWord || lines.isEmpty { lines.append(line) }
        // No-break spaces kept number and unit together while wrapping; now plain spaces.
        return lines.map(plainSpaces)
    }
}
