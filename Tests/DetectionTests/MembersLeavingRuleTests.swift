import Testing
@testable import Detection
import Members
import TimeSeries

/// `members_leaving` judges a net loss against the exchange's size: one member short at the end of
/// a year of comings and goings on a large exchange is churn; the same on a small one, or a real
/// exodus on a large one, warns.
@Suite struct MembersLeavingRuleTests {
    static let now = 1_800_000_000.0
    static let day = 86_400.0

    /// Monthly snapshots over 400 days: `founders` members throughout, plus `joins` members joining
    /// and `leaves` founders leaving, spread over the last year.
    static func verdict(founders: Int, joins: Int, leaves: Int) throws -> (Verdict, String) {
        var snapshots: [MembershipSnapshot] = []
        for month in 0...13 {
            let at = now - Double(13 - month) * 30 * day
            var members = (0..<founders).map { UInt32(64_500 + $0) }
            for index in 0..<leaves where at >= now - 330 * day + Double(index) * 20 * day { members.removeAll { $0 == UInt32(64_500 + index) } }
            for index in 0..<joins where at >= now - 320 * day + Double(index) * 20 * day { members.append(UInt32(65_000 + index)) }
            snapshots.append(MembershipSnapshot(at: at, members: members.map { MembershipSnapshot.Entry(asn: $0) }))
        }
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        let context = DetectionContext(now: now, store: store, membership: MembershipHistory(snapshots: snapshots))
        let symptom = try #require(MembersLeavingRule().evaluate(context).symptom)
        return (symptom.verdict, Wording.render(symptom.message))
    }

    @Test func oneShortAfterAYearOfChurnOnALargeExchangeIsChurn() throws {
        let (verdict, text) = try Self.verdict(founders: 80, joins: 5, leaves: 6)
        #expect(verdict == .ok, "\(text)")
        #expect(text.contains("Members come and go") && text.contains("a net loss of 1 of 80"), "\(text)")
    }

    @Test func oneShortOnASmallExchangeWarns() throws {
        let (verdict, text) = try Self.verdict(founders: 20, joins: 1, leaves: 2)
        #expect(verdict == .warning, "\(text)")
    }

    @Test func anExodusOnALargeExchangeWarns() throws {
        let (verdict, text) = try Self.verdict(founders: 80, joins: 2, leaves: 6)
        #expect(verdict == .warning, "net loss 4 of 80 reaches 5 %: \(text)")
    }
}
