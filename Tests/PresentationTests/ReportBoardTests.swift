import Foundation
import Testing
@testable import Detection
@testable import Presentation

/// The report's first page, as the board reads it: one verdict per question, and what changed.
@Suite struct ReportBoardTests {
    /// The text with each run of spaces and line breaks made one space: wrapped lines read as one.
    func flat(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    @Test func textOpensWithTheBoardsQuestionsAndTheWeek() throws {
        let report = SampleReports.dying()
        let text = HealthReportText.render(report)
        let board = try #require(text.range(of: "The board's questions"))
        let glance = try #require(text.range(of: "At a glance"))
        #expect(board.lowerBound < glance.lowerBound, "the questions come before the figures")
        let page = String(text[board.lowerBound..<glance.lowerBound])
        for axis in ReportAxis.allCases {
            #expect(flat(page).contains(Phrasebook.render("axis.\(axis.rawValue).question", in: .english)), "no question for \(axis)")
        }
        // Traffic is critical (its trend), decided by the falling-traffic symptom whose summary follows.
        let traffic = try #require(report.axes.first { $0.axis == .traffic })
        #expect(traffic.verdict == .critical)
        let trafficLine = try #require(page.split(separator: "\n").first { $0.contains("Traffic") && $0.contains("CRITICAL") })
        #expect(trafficLine.hasPrefix("  [!!]"))
        // An axis none of whose symptoms could be judged says so, never OK, with what is missing.
        #expect(report.axes.first { $0.axis == .routes }?.verdict == .notEnoughData)
        let routes = try #require(page.split(separator: "\n").first { $0.contains("Routes") })
        #expect(routes.contains("Not enough data"), "\(routes)")
        #expect(page.contains("What changed since 2026-11-20"))
        #expect(page.contains("Findings: 2 opened, 1 closed."))
        #expect(page.contains("Members: 1 joined, 2 left."))
        #expect(page.contains("Joined 2026-11-22: AS64599 Nouveau Réseau"))
        #expect(page.contains("Left 2026-11-25: AS64597"))
        #expect(page.contains("Opened 2026-11-23: AS37612 Matonge Networks:"))
    }

    @Test func frenchFirstPage() {
        let text = flat(HealthReportText.render(SampleReports.dying(language: .french)))
        #expect(text.contains("Les questions du conseil"))
        #expect(text.contains("Le point d'échange est-il utilisé, et son trafic progresse-t-il ?"))
        #expect(text.contains("Ce qui a changé depuis le 2026-11-20"))
        #expect(text.contains("Membres : 1 arrivés, 2 partis."))
        #expect(text.contains("Données insuffisantes"))
    }

    @Test func htmlBoardSectionComesFirst() throws {
        let html = HealthReportHTML.render(SampleReports.dying())
        let board = try #require(html.range(of: "<section id=\"board\">"))
        let symptoms = try #require(html.range(of: "<section id=\"symptoms\">"))
        #expect(board.lowerBound < symptoms.lowerBound)
        let section = String(html[board.lowerBound..<symptoms.lowerBound])
        #expect(section.components(separatedBy: "<th scope=\"row\">").count - 1 == ReportAxis.allCases.count)
        #expect(section.contains("<tr class=\"v-critical\"><th scope=\"row\">Traffic</th>"))
        #expect(section.contains("What changed since"))
        // Names from outside are escaped here too.
        #expect(!section.contains("<script>"))
    }

    @Test func jsonCarriesAxesAndChanges() throws {
        let data = try HealthReportJSON.encode(SampleReports.dying(), pretty: false)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let axes = try #require(object["axes"] as? [[String: Any]])
        #expect(axes.map { $0["axis"] as? String } == ReportAxis.allCases.map(\.rawValue))
        #expect(axes.first?["verdict"] as? String == "critical")
        let changes = try #require(object["changes"] as? [String: Any])
        #expect((changes["opened"] as? [String])?.count == 2)
        #expect((changes["leaves"] as? [[String: Any]])?.count == 2)
        // Round trip: the axes are derived, the changes kept.
        let decoded = try JSONDecoder().decode(HealthReport.self, from: data)
        #expect(decoded.changes == SampleReports.dying().changes)
        #expect(decoded.axes == SampleReports.dying().axes)
    }

    @Test func anAxisWithNoSymptomInTheReportIsNotJudged() {
        var report = SampleReports.dying()
        report.symptoms.removeAll { ReportAxis.routes.rules.contains($0.rule) }
        let text = flat(HealthReportText.render(report))
        #expect(text.contains("Not judged: none of its symptoms has enough data yet."))
    }

    @Test func unknownChangesAreSaidUnknown() {
        var report = SampleReports.tiny()
        report.changes = ReportChanges(since: SampleReports.now - 7 * 86_400)
        let text = HealthReportText.render(report)
        #expect(text.contains("Findings: unknown (a report made offline has no finding history)."))
        #expect(text.contains("Members: unknown (no membership history)."))
    }
}
