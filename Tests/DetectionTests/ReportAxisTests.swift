import Testing
@testable import Detection
import IXPCore
import Members

/// The report's first page: one verdict per board question, and what changed in the period.
@Suite struct ReportAxisTests {
    func symptom(_ rule: RuleID, _ verdict: Verdict) -> Symptom {
        Symptom(rule: rule, verdict: verdict, summary: "\(rule) \(verdict)", message: LocalizedText("\(rule.rawValue).summary"))
    }

    @Test func everyZombieSymptomAnswersExactlyOneQuestion() {
        for rule in RuleID.zombieSymptoms {
            let axes = ReportAxis.allCases.filter { $0.rules.contains(rule) }
            #expect(axes.count == 1, "\(rule) answers \(axes.map(\.rawValue))")
        }
    }

    @Test func axisTakesItsWorstJudgedVerdict() {
        let symptoms = [
            symptom(.belowIXPFloor, .ok), symptom(.fallingTraffic, .warning), symptom(.trafficConcentration, .notEnoughData),
            symptom(.stagnantMembership, .notEnoughData), symptom(.membersLeaving, .ok),
            symptom(.outgrownPorts, .critical), symptom(.staleMemberData, .notEnoughData),
        ]
        let axes = Dictionary(uniqueKeysWithValues: AxisVerdict.all(from: symptoms).map { ($0.axis, $0) })
        #expect(axes.count == ReportAxis.allCases.count)
        #expect(axes[.traffic]?.verdict == .warning)
        #expect(axes[.traffic]?.decidedBy == [.fallingTraffic])
        #expect(axes[.traffic]?.rules == [.belowIXPFloor, .fallingTraffic, .trafficConcentration])
        // One symptom judged ok and one not: the axis is ok, decided by the judged one.
        #expect(axes[.participants]?.verdict == .ok)
        #expect(axes[.participants]?.decidedBy == [.membersLeaving])
        #expect(axes[.investment]?.verdict == .critical)
        // None judged: not enough data, never ok.
        #expect(axes[.data]?.verdict == .notEnoughData)
        #expect(axes[.data]?.decidedBy == [.staleMemberData])
        // No symptom of the axis in the report at all: not enough data, decided by nothing.
        #expect(axes[.routes]?.verdict == .notEnoughData)
        #expect(axes[.routes]?.rules == [])
        #expect(axes[.routes]?.decidedBy == [])
    }

    @Test func changesCountFiringAndResolvedFindingsInThePeriodOnly() {
        let now = 1_000_000.0, day = 86_400.0, since = now - 7 * day
        func finding(_ name: String, state: FindingState, firing: Double?, resolved: Double? = nil,
                     inhibitedBy: String? = nil) -> Finding {
            Finding(rule: .portDown, severity: .warning, subject: .port(switch: "sw1", interface: name), summary: name,
                    message: LocalizedText("port_down.summary"), state: state, firstSeen: (firing ?? now) - 600, lastSeen: now,
                    firingSince: firing, resolvedAt: resolved, inhibitedBy: inhibitedBy)
        }
        let findings = [
            finding("new", state: .firing, firing: now - 2 * day),
            finding("newer", state: .firing, firing: now - day),
            finding("old", state: .firing, firing: now - 30 * day),
            finding("pending", state: .pending, firing: nil),
            finding("fixed", state: .resolved, firing: now - 10 * day, resolved: now - 3 * day),
            finding("flash", state: .resolved, firing: now - 4 * day, resolved: now - 4 * day + 900),
            finding("never-fired", state: .resolved, firing: nil, resolved: now - day),
            finding("fixed-long-ago", state: .resolved, firing: now - 40 * day, resolved: now - 8 * day),
            finding("explained", state: .firing, firing: now - day, inhibitedBy: "switch_unreachable|sw1"),
        ]
        // 64502 joined 20 days ago (before the period), 64501 three days ago, 64503 left yesterday.
        let entries = { (asns: [UInt32]) in asns.map { MembershipSnapshot.Entry(asn: $0) } }
        let membership = MembershipHistory(snapshots: [
            MembershipSnapshot(at: now - 40 * day, members: entries([64_503])),
            MembershipSnapshot(at: now - 20 * day, members: entries([64_503, 64_502])),
            MembershipSnapshot(at: now - 3 * day, members: entries([64_503, 64_502, 64_501])),
            MembershipSnapshot(at: now - day, members: entries([64_502, 64_501])),
        ])
        let changes = ReportChanges(since: since, now: now, findings: findings, membership: membership)
        let id = { (name: String) in Finding.id(rule: .portDown, subject: .port(switch: "sw1", interface: name)) }
        // Oldest first; a finding that opened and closed in the period is in both lists.
        #expect(changes.opened == [id("flash"), id("new"), id("newer")])
        #expect(changes.closed == [id("flash"), id("fixed")])
        #expect(changes.joins?.map(\.asn) == [64_501])
        #expect(changes.leaves?.map(\.asn) == [64_503])

        // No finding history (an offline report) and no membership history: unknown, not none.
        let unknown = ReportChanges(since: since, now: now, findings: nil, membership: nil)
        #expect(unknown.opened == nil && unknown.closed == nil && unknown.joins == nil && unknown.leaves == nil)
    }
}
