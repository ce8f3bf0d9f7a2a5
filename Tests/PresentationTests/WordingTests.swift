import Foundation
import Testing
@testable import Detection
@testable import Presentation
import IXPCore

@Suite struct WordingTests {
    @Test func everyRuleHasATitleAndEveryVerdictAndSeverityAName() {
        for language in Language.allCases {
            let table = Phrasebook.table(language)
            // Every rule, not only the symptoms: the findings list names each finding's rule by it.
            for rule in RuleCatalog.all.flatMap(\.ids) { #expect(table["\(rule.rawValue).title"] != nil, "\(rule.rawValue).title in \(language)") }
            for verdict in Verdict.allCases { #expect(table["verdict.\(verdict.rawValue)"] != nil) }
            for severity in Severity.allCases { #expect(table["severity.\(severity.rawValue)"] != nil) }
            for state in FindingState.allCases { #expect(table["state.\(state.rawValue)"] != nil) }
        }
    }

    /// Text outside the style sheet that still holds a `{name}`: a placeholder left unfilled.
    static func unfilledPlaceholders(_ text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let tail = rest[rest.index(after: open)...]
            let name = tail.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !name.isEmpty, tail.dropFirst(name.count).first == "}" { found.append("{\(name)}") }
            rest = tail
        }
        return found
    }

    @Test(arguments: Language.allCases)
    func noRenderedTextLeavesAPlaceholder(_ language: Language) {
        for report in [SampleReports.dying(language: language), SampleReports.tiny(language: language)] {
            let text = HealthReportText.render(report)
            #expect(Self.unfilledPlaceholders(text).isEmpty, "\(Self.unfilledPlaceholders(text))")
            let html = HealthReportHTML.render(report)
            let body = html.components(separatedBy: "</style>").last ?? html
            #expect(Self.unfilledPlaceholders(body).isEmpty, "\(Self.unfilledPlaceholders(body))")
            #expect(!html.contains("evidence."), "an evidence label fell back to its key")
        }
    }

    @Test func frenchWordingIsFrench() {
        let words = ReportLocalizer(language: .french)
        #expect(words.text("section.findings") == "Constats")
        #expect(words.verdict(.notEnoughData) == "Données insuffisantes")
        #expect(words.format.bitsPerSecond(2e9).hasSuffix("Gbit/s"))
    }
}
