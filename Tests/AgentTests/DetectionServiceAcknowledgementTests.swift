import Detection
import Foundation
import IXPCore
import Logging
import StateDatabase
import Testing
import TimeSeries
@testable import Agent

/// The detection service hands the detector its own findings with their acknowledgements and
/// silences (`unattended_findings`), keeps when its findings history began, and deletes the
/// acknowledgement of a finding that resolved.
@Suite struct DetectionServiceAcknowledgementTests {
    let now = 1_800_000_000.0
    let day = 86_400.0

    func service(silenced: Bool = false) throws -> (DetectionService, AcknowledgementStore, DetectionState) {
        let database = try StateDatabase.open(directory: nil, migrations: [FindingStore.registerMigrations])
        let state = DetectionState()
        let clock = now
        var service = DetectionService(
            configuration: DetectionConfiguration(), store: try TimeSeriesStore(directory: nil, clock: { clock }),
            registry: MetricsRegistry(), state: state, findingStore: FindingStore(writer: database), catalog: ProbeCatalog([]),
            clock: { clock }, logger: Logger(label: "test"))
        let acknowledgements = AcknowledgementStore(writer: database)
        service.acknowledgements = acknowledgements
        service.silences = { _ in { _ in silenced } }
        return (service, acknowledgements, state)
    }

    /// A finding firing for 30 days (its condition gone now, so this evaluation resolves it).
    var old: Finding {
        Finding(rule: .portErrors, severity: .warning, subject: .port(switch: "sw1", interface: "Et1"), summary: "errors",
                message: LocalizedText("port_errors.summary"), state: .firing, firstSeen: now - 30 * day, lastSeen: now - 60,
                firingSince: now - 30 * day)
    }

    func verdict(_ state: DetectionState) -> Verdict? {
        state.report?.symptoms.first { $0.rule == .unattendedFindings }?.verdict
    }

    @Test func anUntouchedFindingIsUnattendedAndAnAcknowledgedOneIsNot() throws {
        let (plain, _, plainState) = try service()
        var tracker = FindingTracker(findings: [old])
        plain.evaluate(at: now, tracker: &tracker, models: RuleStateBox(), historySince: now - 90 * day)
        #expect(verdict(plainState) == .warning)

        let (acknowledged, store, acknowledgedState) = try service()
        try store.acknowledge(FindingAcknowledgement(findingID: old.id, by: "alice", comment: "on it", at: now - day))
        var second = FindingTracker(findings: [old])
        acknowledged.evaluate(at: now, tracker: &second, models: RuleStateBox(), historySince: now - 90 * day)
        #expect(verdict(acknowledgedState) == .ok)
        // The finding resolved in this evaluation: its acknowledgement ended with it.
        #expect(second.findings[old.id]?.state == .resolved)
        #expect(try store.inForce(now: now).isEmpty)

        let (silenced, _, silencedState) = try service(silenced: true)
        var third = FindingTracker(findings: [old])
        silenced.evaluate(at: now, tracker: &third, models: RuleStateBox(), historySince: now - 90 * day)
        #expect(verdict(silencedState) == .ok)

        let (young, _, youngState) = try service()
        var fourth = FindingTracker(findings: [old])
        young.evaluate(at: now, tracker: &fourth, models: RuleStateBox(), historySince: now - 5 * day)
        #expect(verdict(youngState) == .notEnoughData)
    }

    @Test func theStartOfTheFindingsHistoryIsKept() throws {
        let database = try StateDatabase.open(directory: nil, migrations: [FindingStore.registerMigrations])
        let findings = FindingStore(writer: database)
        func service(at time: Double) throws -> DetectionService {
            DetectionService(configuration: DetectionConfiguration(), store: try TimeSeriesStore(directory: nil, clock: { time }),
                             registry: MetricsRegistry(), state: DetectionState(), findingStore: findings, catalog: ProbeCatalog([]),
                             clock: { time }, logger: Logger(label: "test"))
        }
        try findings.saveFindings([old], at: now)
        #expect(try service(at: now).restoreHistorySince() == now, "findings of an older version do not start it")
        #expect(try service(at: now + 40 * day).restoreHistorySince() == now, "kept across restarts, not recomputed")
    }
}
