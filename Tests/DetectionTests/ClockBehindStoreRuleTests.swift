import Foundation
import IXPCore
import Testing
import TimeSeries
@testable import Detection

/// `clock_behind_store`: raised while polls are refused because the newest stored sample is
/// ahead of the clock, gone once samples are stored again.
@Suite struct ClockBehindStoreRuleTests {
    let start = 1_800_000_000.0
    let key = SeriesKey(name: "ixp_interface_up", labels: ["switch": "sw1", "interface": "Et1"])

    @Test func raisedWhilePollsAreRefusedAndResolvedWhenSamplesAreTakenAgain() throws {
        let clock = TestClock(start + 3_600)  // an hour ahead
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { clock.now })
        func poll() { store.append([Sample(key: key, timestamp: clock.now, value: 1)]) }
        func findings() -> [FindingCandidate] {
            ClockBehindStoreRule().evaluate(DetectionContext(now: clock.now, store: store)).findings
        }
        poll()
        #expect(findings().isEmpty, "a poll taken is no finding")
        clock.now = start  // set back
        poll()
        let finding = try #require(findings().first)
        #expect(finding.rule == .clockBehindStore && finding.subject == .exchange && finding.severity == .warning)
        #expect(finding.evidence["ahead"]?.number == 3_600)
        for language in Language.allCases {
            let text = Wording.render(finding.message, in: language)
            #expect(!text.contains("{") && text.contains(where: \.isNumber), "\(language): \(text)")
        }
        #expect(Wording.render(finding.message, in: .french).contains("retard"))
        // Past the newest sample: the poll is taken, the finding goes.
        clock.now = start + 3_601
        poll()
        #expect(findings().isEmpty)
    }

    @Test func theRuleIsInTheCatalogWithATitleInEveryLanguage() {
        #expect(RuleCatalog.all.flatMap(\.ids).contains(.clockBehindStore))
        #expect(RuleCatalog.defaults(for: .clockBehindStore).severity == .warning)
        for language in Language.allCases { #expect(Wording.table(language)["clock_behind_store.title"] != nil) }
    }
}
