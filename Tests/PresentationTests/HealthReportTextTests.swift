import Foundation
import Testing
@testable import Detection
@testable import Presentation

@Suite struct HealthReportTextTests {
    @Test func headerVerdictTableFindingsMembersAndPorts() {
        let report = SampleReports.dying()
        let text = HealthReportText.render(report)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Exchange health report: Kinshasa Example IX")
        #expect(text.contains("Generated 2026-11-27 06:00 UTC · History from 2024-11-27 to 2026-11-27 (730 days)"))
        #expect(text.contains("[!!] Critical: the exchange shows serious symptoms of decline."))
        #expect(text.contains("Symptoms: 3 critical, 9 warning, 2 OK, 3 not judged."))
        // One verdict line per symptom: title, verdict, start of its summary on the same line.
        for symptom in report.symptoms {
            let title = Wording.render("\(symptom.rule.rawValue).title")
            let verdict = HealthReportText.verdictLabel(symptom.verdict, ReportLocalizer(language: .english))
            let line = lines.first { $0.hasPrefix("  " + title + " ") && $0.contains(" " + verdict + " ") }
            #expect(line != nil, "no verdict line for \(symptom.rule)")
        }
        #expect(text.contains("  Traffic trend") && text.contains("CRITICAL"))
        #expect(text.contains("[CRITICAL] AS37612 Matonge Networks — since"))
        #expect(text.contains("· Utilisation: 93% (2026-11-20 to 2026-11-27)"))
        #expect(text.contains("Top 20 members by traffic"))
        #expect(text.contains("Members not shown: 20."))
        #expect(text.contains("Idle ports") && text.contains("sw1-kin Ethernet31"))
        #expect(text.contains("Full ports") && text.contains("93%"))
        // No line runs past the width, but for single words too long to cut.
        for line in lines where line.count > 100 {
            #expect(!line.contains(" "), "too long: \(line)")
        }
    }

    @Test func frenchHeadingsAndNumbers() {
        let text = HealthReportText.render(SampleReports.dying(language: .french))
        #expect(text.hasPrefix("Rapport de santé du point d'échange : Kinshasa Example IX\n"))
        for heading in ["En bref", "Symptômes de déclin", "Constats", "Ports inactifs", "Ports saturés", "Les 20 premiers membres par trafic"] {
            #expect(text.contains(heading), "missing \(heading)")
        }
        #expect(text.contains("Tendance du trafic"))
        #expect(text.contains("CRITIQUE"))
        #expect(text.contains("Gbit/s"))
        #expect(!text.contains("Gb/s"))
        #expect(text.contains("Établi le 2026-11-27 06:00 UTC"))
    }

    /// With `IXP_REPORT_SCREENSHOTS=DIR`, the sample's text reports are written there to be read.
    @Test func keepSamplesWhenAsked() throws {
        guard let keep = ProcessInfo.processInfo.environment["IXP_REPORT_SCREENSHOTS"] else { return }
        for language in Language.allCases {
            let text = HealthReportText.render(SampleReports.dying(language: language))
            try text.write(toFile: keep + "/report-\(language.rawValue).txt", atomically: true, encoding: .utf8)
        }
    }

    @Test func tinyReportSaysNotEnoughData() {
        let text = HealthReportText.render(SampleReports.tiny())
        #expect(text.contains("[?] Not enough data yet to judge the exchange."))
        #expect(text.contains("No finding is active."))
        #expect(text.contains("No member port is idle."))
        #expect(text.components(separatedBy: "Not enough data ").count - 1 >= RuleID.zombieSymptoms.count)
    }
}
