import Foundation
import IXPCore
import Testing
import TimeSeries
@testable import Detection

/// `unattended_findings` (issue 20, "nobody in charge"): findings firing for weeks that nobody
/// acknowledged, silenced or saw change, and probes failing for days. It fires on a finding
/// untouched for 30 days; it stays quiet for one acknowledged, one silenced, one open 5 days,
/// one that changed, one explained by another, and while the agent's history is young.
@Suite struct UnattendedFindingsRuleTests {
    let now = 1_800_000_000.0
    let day = 86_400.0

    func finding(_ rule: RuleID = .portErrors, port: String = "Et1", firingFor days: Double, severity: Severity = .warning,
                 changedDaysAgo: Double? = nil, inhibitedBy: String? = nil, labels: [String: String] = [:]) -> Finding {
        Finding(rule: rule, severity: severity, subject: .port(switch: "sw1", interface: port), summary: "errors",
                message: LocalizedText("\(rule.rawValue).summary"), labels: labels, state: .firing,
                firstSeen: now - days * day - 300, lastSeen: now, firingSince: now - days * day, inhibitedBy: inhibitedBy,
                changedAt: changedDaysAgo.map { now - $0 * day })
    }

    func outcome(_ findings: [Finding], acknowledged: Set<String> = [], silenced: Set<String> = [], historyDays: Double = 90,
                 probes: [ProbeStatus] = []) throws -> RuleOutcome {
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        let history = FindingHistory.make(since: now - historyDays * day, findings: findings, acknowledged: acknowledged) {
            silenced.contains($0.id)
        }
        let context = DetectionContext(now: now, store: store, probes: probes, findingHistory: history)
        return UnattendedFindingsRule().evaluate(context)
    }

    @Test func aFindingFiringThirtyDaysWithNoAcknowledgementIsUnattended() throws {
        let old = finding(firingFor: 30)
        let result = try outcome([old, finding(port: "Et2", firingFor: 5)])
        let symptom = try #require(result.symptom)
        #expect(symptom.verdict == .warning)
        #expect(symptom.evidence["unattended_findings"]?.number == 1)
        let list = symptom.evidence["unattended_list"]?.value
        #expect(list == .list(["port_errors — sw1 Et1 — \(NumberWording.isoDate(now - 30 * day))"]))
        #expect(result.findings.map(\.rule) == [.unattendedFindings])
        #expect(result.findings.first?.subject == .exchange && result.findings.first?.severity == .warning)
        for language in Language.allCases {
            let text = Wording.render(symptom.message, in: language)
            #expect(!text.contains("{") && text.contains("1"), "\(language): \(text)")
        }
    }

    @Test func acknowledgedSilencedYoungChangedOrExplainedFindingsAreAttended() throws {
        let acknowledged = finding(port: "Et1", firingFor: 30)
        let silenced = finding(port: "Et2", firingFor: 30)
        let young = finding(port: "Et3", firingFor: 5)
        let changed = finding(port: "Et4", firingFor: 40, changedDaysAgo: 10)
        let explained = finding(port: "Et5", firingFor: 30, inhibitedBy: "probe_failing|switch sw1")
        let note = finding(port: "Et6", firingFor: 30, severity: .info)
        let result = try outcome([acknowledged, silenced, young, changed, explained, note],
                                 acknowledged: [acknowledged.id], silenced: [silenced.id])
        let symptom = try #require(result.symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(result.findings.isEmpty)
        #expect(symptom.evidence["open_findings"]?.number == 6)
        // Each alone, unacknowledged: only the untouched ones count.
        #expect(try outcome([acknowledged]).symptom?.verdict == .warning)
        #expect(try outcome([silenced]).symptom?.verdict == .warning)
        #expect(try outcome([young]).symptom?.verdict == .ok)
        #expect(try outcome([changed]).symptom?.verdict == .ok)
        // Just under the threshold.
        #expect(try outcome([finding(firingFor: 20.9)]).symptom?.verdict == .ok)
    }

    @Test func aYoungHistoryOrNoneIsNotEnoughData() throws {
        let young = try outcome([finding(firingFor: 30)], historyDays: 10)
        #expect(young.symptom?.verdict == .notEnoughData)
        #expect(young.findings.isEmpty)
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        let none = UnattendedFindingsRule().evaluate(DetectionContext(now: now, store: store))
        #expect(none.symptom?.verdict == .notEnoughData)
        for language in Language.allCases {
            #expect(!Wording.render(try #require(young.symptom).message, in: language).contains("{"))
        }
    }

    @Test func aProbeFailingForDaysIsUnattendedUnlessItsFindingIsAcknowledged() throws {
        let identity = ProbeIdentity(kind: "snmp_interfaces", name: "sw9")
        // Failing since the agent's restart a day ago; its finding has been open for 4 days.
        let probe = ProbeStatus(identity: identity, lastSuccess: false, failingSince: now - 1 * day)
        let probeFinding = Finding(rule: .probeFailing, severity: .critical, subject: .switch("sw9"), summary: "failing",
                                   message: LocalizedText("probe_failing.summary"), labels: ["probe": "snmp_interfaces/sw9"],
                                   state: .firing, firstSeen: now - 4 * day, lastSeen: now, firingSince: now - 4 * day + 180)
        // The history is young for findings (10 days) but old enough for probes (3 days).
        let failing = try outcome([probeFinding], historyDays: 10, probes: [probe])
        let symptom = try #require(failing.symptom)
        #expect(symptom.verdict == .warning)
        #expect(symptom.evidence["failing_probe_list"]?.value == .list(["snmp_interfaces/sw9 — \(NumberWording.isoDate(now - 4 * day))"]))
        #expect(Wording.render(symptom.message, in: .french).contains("sondes"))
        // Acknowledged, or failing for two days only: quiet.
        #expect(try outcome([probeFinding], acknowledged: [probeFinding.id], historyDays: 10, probes: [probe]).symptom?.verdict
                == .notEnoughData)
        let recent = ProbeStatus(identity: identity, lastSuccess: false, failingSince: now - 2 * day)
        #expect(try outcome([], probes: [recent]).symptom?.verdict == .ok)
    }

    @Test func onlyASeverityWordingOrNamedEvidenceChangeCountsAsAChange() {
        let first = FindingCandidate(rule: .portErrors, severity: .warning, subject: .port(switch: "sw1", interface: "Et1"),
                                     message: LocalizedText("port_errors.summary", numbers: ["rate": NumberArgument(0.01, .ratio)]),
                                     evidence: Evidence([EvidenceItem(name: "rate", value: .number(0.01))]))
        var tracker = FindingTracker()
        var configuration = DetectionConfiguration()
        configuration.rules[.portErrors] = RuleSettings(forDuration: 0)
        tracker.update(candidates: [first], now: now, configuration: configuration)
        var moved = first
        moved.evidence = Evidence([EvidenceItem(name: "rate", value: .number(0.02))])
        moved.message.numbers["rate"] = NumberArgument(0.02, .ratio)
        tracker.update(candidates: [moved], now: now + 60, configuration: configuration)
        #expect(tracker.findings[first.id]?.changedAt == nil, "numbers that move are no change")
        var worse = moved
        worse.severity = .critical
        tracker.update(candidates: [worse], now: now + 120, configuration: configuration)
        #expect(tracker.findings[first.id]?.changedAt == now + 120)
        var named = worse
        named.evidence.add("ports", list: ["Et1", "Et2"])
        tracker.update(candidates: [named], now: now + 180, configuration: configuration)
        #expect(tracker.findings[first.id]?.changedAt == now + 180)
    }
}
