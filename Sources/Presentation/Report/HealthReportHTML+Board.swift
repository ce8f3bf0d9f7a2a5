import Detection

/// The page's first section: one row per board question with its verdict, the question and
/// why; then what changed since the last report.
extension HealthReportHTML {
    static func board(_ report: HealthReport, words: ReportLocalizer) -> String {
        var html = "<section id=\"board\"><h2>\(e(words.text("section.board")))</h2>"
        html += "<p class=\"lead\">\(e(words.text("board.lead")))</p><table class=\"axes\"><tbody>"
        for axis in report.axes {
            html += "<tr class=\"v-\(axis.verdict.rawValue)\"><th scope=\"row\">\(e(words.title(of: axis.axis)))</th>"
            html += "<td class=\"axis-verdict\">\(badge(axis.verdict, words: words))</td>"
            html += "<td><p class=\"question\">\(e(words.question(of: axis.axis)))</p>"
            html += "<p class=\"reason\">\(prose(words.reason(of: axis, in: report)))</p></td></tr>"
        }
        html += "</tbody></table>"
        if let changes = report.changes {
            html += "<div class=\"changes\"><h3>\(e(words.changesHeading(changes)))</h3>"
            html += "<p>" + words.changeCounts(changes).map(e).joined(separator: " ") + "</p>"
            let items = words.changeItems(changes, in: report)
            if !items.isEmpty {
                html += "<ul>" + items.map { "<li>\(prose($0))</li>" }.joined() + "</ul>"
            }
            html += "</div>"
        }
        return html + "</section>\n"
    }
}
