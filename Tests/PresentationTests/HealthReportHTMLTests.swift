import Foundation
import Testing
@testable import Detection
@testable import Presentation
import IXPCore

@Suite struct HealthReportHTMLTests {
    /// Every `http://` or `https://` in the page: only SVG's namespace is allowed, no resource.
    static func urls(in html: String) -> [String] {
        var found: [String] = []
        var rest = Substring(html)
        while let range = rest.range(of: "http") {
            let tail = rest[range.lowerBound...]
            if tail.hasPrefix("http://") || tail.hasPrefix("https://") {
                found.append(String(tail.prefix { !"\"' <>)".contains($0) }).trimmingCharacters(in: .punctuationCharacters))
            }
            rest = rest[range.upperBound...]
        }
        return found
    }

    @Test func selfContainedWithNoResourceByURL() {
        for report in [SampleReports.dying(), SampleReports.tiny(), SampleReports.dying(language: .french)] {
            let html = HealthReportHTML.render(report)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            // The one URL from data (a member-list source in a finding) is text, and escaped text is fine;
            // what must not exist is a resource: no src=, no href= to anywhere, no @import, no url(.
            let urls = Self.urls(in: html).filter { $0 != "http://www.w3.org/2000/svg" && $0 != "https://ixp.example/members.json" }
            #expect(urls.isEmpty, "\(urls)")
            for needle in ["src=", "href=", "@import", "url(", "<link", "<script", "<img", "<iframe", "<object"] {
                #expect(!html.contains(needle), "the page must not contain \(needle)")
            }
        }
    }

    @Test func escapesNamesFromData() {
        let html = HealthReportHTML.render(SampleReports.dying())
        #expect(!html.contains(SampleReports.hostileName))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Evil &amp; &quot;Co&quot;"))
        var report = SampleReports.dying()
        report.exchange.name = "</title><script>x</script>"
        let page = HealthReportHTML.render(report)
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;"))
    }

    @Test func everyPartIsThere() {
        let report = SampleReports.dying()
        let html = HealthReportHTML.render(report)
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("class=\"banner v-critical\""))
        // One card per symptom, each with its verdict in words.
        #expect(html.components(separatedBy: "<article class=\"card ").count - 1 == RuleID.zombieSymptoms.count)
        for symptom in report.symptoms {
            #expect(html.contains("<h3>\(MarkupEscaping.escape(Wording.render("\(symptom.rule.rawValue).title")))</h3>"))
        }
        #expect(html.contains("id=\"chart-traffic-title\""))
        #expect(html.contains("stroke-dasharray=\"9 6\""), "the trend is dashed")
        #expect(html.contains("id=\"chart-membership-title\""))
        #expect(html.contains("id=\"chart-shares-title\""))
        #expect(html.contains(">Idle ports</h3>") && html.contains(">Full ports</h3>"))
        #expect(html.contains(">Findings</h2>"))
        #expect(html.contains("Top 20 members by traffic"))
        #expect(html.contains("@media print") && html.contains("size: A4"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func trafficLineBreaksAtGaps() {
        let report = SampleReports.dying()
        let svg = SVGChart.timeSeries(report.charts.dailyPeaks, trend: nil, localizer: ReportLocalizer(language: .english))
        let path = svg.components(separatedBy: "<path d=\"")[1].prefix { $0 != "\"" }
        // The sample has one gap of nine unknown days: two runs.
        #expect(path.filter { $0 == "M" }.count == 2)
        #expect(!svg.contains("stroke-dasharray=\"9 6\""))
    }

    @Test func niceTicks() {
        #expect(SVGChart.niceTicks(min: 0, max: 4.4e9, count: 5) == [0, 1e9, 2e9, 3e9, 4e9, 5e9])
        #expect(SVGChart.niceTicks(min: 0, max: 0.9, count: 5) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1].map { $0 } || true)
        let ticks = SVGChart.niceTicks(min: 0, max: 0.9, count: 5)
        #expect(ticks.count == 6 && abs(ticks[1] - 0.2) < 1e-12 && abs(ticks.last! - 1) < 1e-12)
        #expect(SVGChart.niceTicks(min: -3, max: 2, count: 6, integer: true) == [-3, -2, -1, 0, 1, 2])
        #expect(SVGChart.niceStep(range: 730, count: 5) == 200)
        #expect(SVGChart.niceStep(range: 7e9, count: 5) == 2e9)
        #expect(SVGChart.niceTicks(min: 5, max: 5) .count >= 2)
    }

    @Test func frenchPage() {
        let html = HealthReportHTML.render(SampleReports.dying(language: .french))
        #expect(html.contains("<html lang=\"fr\">"))
        for heading in ["Symptômes de déclin", "Trafic de pointe sur deux ans", "Arrivées et départs de membres",
                        "Qui porte le trafic", "Ports inactifs et saturés", "Constats", "Les 20 premiers membres par trafic"] {
            #expect(html.contains(MarkupEscaping.escape(heading)), "missing \(heading)")
        }
        #expect(html.contains("Gbit/s"))
        #expect(!html.contains(">Findings<"))
        // The language can also be chosen at render time.
        let english = HealthReportHTML.render(SampleReports.dying(language: .french), language: .english)
        #expect(english.contains("<html lang=\"en\">") && english.contains(">Findings</h2>"))
    }

    @Test func tinyPageSaysSo() {
        let html = HealthReportHTML.render(SampleReports.tiny())
        #expect(html.contains("class=\"banner v-not_enough_data\""))
        #expect(html.contains("No finding is active."))
        #expect(html.contains("No data to draw yet."))
    }
}
