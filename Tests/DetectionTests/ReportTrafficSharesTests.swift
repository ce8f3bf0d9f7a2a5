import IXPCore
import SyntheticExchange
import Testing
@testable import Detection

/// The report's traffic-share chart on a real evaluation: the members beyond the eighth are
/// summed into one slice labelled "others", which the renderers put in the reader's language.
@Suite struct ReportTrafficSharesTests {
    @Test func membersBeyondTheEighthAreOneOthersSlice() throws {
        let backtest = try Backtest(.healthyGrowing())
        let end = backtest.scenario.end
        backtest.advance(to: end)
        let context = backtest.context(at: end)
        let result = Detector().evaluate(context)
        for language in [Language.english, .french] {
            let shares = HealthReportBuilder.build(context: context, result: result, findings: [], language: language).charts.shares
            try #require(shares.count == 9, "a healthy exchange of more than eight members: eight members and the rest")
            #expect(shares.prefix(8).allSatisfy { $0.asn != nil })
            #expect(shares[8].asn == nil)
            #expect(shares[8].label == "others", "the label the renderers translate, not a wording key")
            #expect(abs(shares.reduce(0) { $0 + $1.share } - 1) < 1e-6)
        }
    }
}
