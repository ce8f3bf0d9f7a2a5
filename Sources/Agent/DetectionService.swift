import Detection
import Dispatch
import Foundation
import Logging
import ProbeKit
import ServiceLifecycle
import Synchronization
import TimeSeries
import IXPCore

/// Runs the detector every `detection.interval`: builds the context from the store, the member
/// list and the probes' health, evaluates every rule, moves findings through pending, firing and
/// resolved, keeps them (and the traffic models) in the state database, exports
/// `ixp_finding_active` and `ixp_zombie_symptom`, and publishes the report.
struct DetectionService: Service {
    let configuration: DetectionConfiguration
    let store: TimeSeriesStore
    let registry: MetricsRegistry
    let state: DetectionState
    let findingStore: FindingStore
    /// The probes running now (replaced when SIGHUP reloads the configuration): their
    /// intervals, switches, and the continuous observers (peering-LAN captures) whose
    /// observations of the last interval, all of them merged, feed `DetectionContext.lan`.
    let catalog: ProbeCatalog
    let clock: @Sendable () -> Double
    let logger: Logger
    var initialDelay: Double = 5
    /// The findings' acknowledgements: read into `DetectionContext.findingHistory` before each
    /// evaluation, and those of findings no longer active deleted after it.
    var acknowledgements: AcknowledgementStore? = nil
    /// The silences in force at a time, as a question: does one cover this finding? (The
    /// alerting section's silences, handed in as plain facts so that the detector knows
    /// nothing of Alerting.) Asked once per evaluation.
    var silences: @Sendable (_ now: Double) -> (Finding) -> Bool = { _ in { _ in false } }

    /// The rule-state name the traffic models are kept under.
    static let modelsStateName = "traffic_anomaly.models"
    /// The rule-state name of when the agent started keeping findings (`FindingHistory.since`).
    static let historyStateName = "findings.history_since"

    func run() async throws {
        let models = RuleStateBox()
        // The findings and when the models were last saved, from one evaluation to the next
        // (one evaluation runs at a time; the lock lets the tick closure own them).
        let loop = Mutex<(tracker: FindingTracker, lastModelSave: Double?)>((restore(models), nil))
        let historySince = restoreHistorySince()
        try await PeriodicService(
            name: "detection", interval: .seconds(configuration.interval),
            initialDelay: .seconds(min(initialDelay, configuration.interval)), logger: logger
        ) {
            loop.withLock { state in
                let now = clock()
                // The models are saved an hour after the first evaluation, then hourly.
                let lastModelSave = state.lastModelSave ?? now
                state.lastModelSave = lastModelSave
                evaluate(at: now, tracker: &state.tracker, models: models, historySince: historySince)
                if now - lastModelSave >= 3_600 {
                    saveModels(models, at: now)
                    state.lastModelSave = now
                }
            }
        }.run()
        saveModels(models, at: clock())
    }

    /// The findings and traffic models of the previous run, from the state database.
    func restore(_ models: RuleStateBox) -> FindingTracker {
        var tracker = FindingTracker()
        do {
            let loaded = try findingStore.loadFindings()
            tracker = FindingTracker(findings: loaded.findings)
            if !loaded.skipped.isEmpty { logger.warning("unreadable findings skipped: \(loaded.skipped.joined(separator: ", "))") }
            if let tracks = try findingStore.loadState([String: HoltWintersTrack].self, name: Self.modelsStateName) {
                for (key, track) in tracks { models.withTrack(key) { $0 = track } }
            }
        } catch {
            logger.error("cannot read the stored findings; starting without them: \(error)")
        }
        return tracker
    }

    /// Since when the agent keeps findings and takes acknowledgements: stored at the first start
    /// with this state database, or with a version that acknowledges findings (findings stored
    /// by an older one do not count: nobody could acknowledge them then).
    func restoreHistorySince() -> Double {
        let now = clock()
        if let stored = try? findingStore.loadState(Double.self, name: Self.historyStateName), stored.isFinite { return stored }
        let since = now
        do {
            try findingStore.saveState(since, name: Self.historyStateName, at: now)
        } catch {
            logger.error("the start of the findings history not saved: \(error)")
        }
        return since
    }

    /// The findings the tracker holds before this evaluation, with their acknowledgements and
    /// silences, for `unattended_findings`.
    func findingHistory(_ tracker: FindingTracker, since: Double, now: Double) -> FindingHistory {
        let acknowledged = Set(((try? acknowledgements?.inForce(now: now)) ?? [:]).keys)
        return FindingHistory.make(since: since, findings: tracker.active, acknowledged: acknowledged, silenced: silences(now))
    }

    /// One evaluation: rules, findings, persistence, metrics, report.
    func evaluate(at now: Double, tracker: inout FindingTracker, models: RuleStateBox, historySince: Double? = nil) {
        let started = DispatchTime.now().uptimeNanoseconds
        let context = DetectionContext(
            now: now, store: store, configuration: configuration, members: state.members, membership: state.membership,
            peeringDB: state.peeringDB, memberListStatus: state.memberListStatus, probes: probeStatuses(),
            lan: lanObservations(at: now), ruleState: models,
            findingHistory: historySince.map { findingHistory(tracker, since: $0, now: now) })
        let result = Detector().evaluate(context)
        let transitions = tracker.update(candidates: result.candidates, now: now, configuration: configuration)
        let findings = tracker.all
        do {
            try findingStore.saveFindings(findings, at: now)
        } catch {
            logger.error("findings not saved: \(error)")
        }
        do {
            // An acknowledgement ends with its finding.
            try acknowledgements?.prune(keeping: Set(tracker.active.map(\.id)), now: now)
        } catch {
            logger.error("acknowledgements of resolved findings not removed: \(error)")
        }
        let report = HealthReportBuilder.build(context: context, result: result, findings: findings)
        state.setDetection(findings: findings, report: report, at: now)
        let duration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        registry.publish(DetectionMetrics.families(result: result, findings: findings, duration: duration, at: now), as: "detection")
        for transition in transitions where transition.to == .firing || transition.to == .resolved {
            guard let finding = tracker.findings[transition.id] else { continue }
            logger.notice("finding \(transition.to?.rawValue ?? "")", metadata: [
                "rule": "\(finding.rule)", "subject": "\(finding.subject)", "severity": "\(finding.severity.rawValue)",
                "summary": "\(finding.summary)",
            ])
        }
    }

    /// What the observation sources (every peering-LAN capture) saw in the last detection interval.
    func lanObservations(at now: Double) -> LANObservations? {
        Self.lanObservations(from: catalog.observationSources, since: now - configuration.interval)
    }

    /// The observations since `time` of all of `sources` that have any, as one for the
    /// detector (``LANObservations/combined(_:)``). Nil when none has any.
    static func lanObservations(from sources: [any ObservationSource], since time: Double) -> LANObservations? {
        LANObservations.combined(sources.compactMap { $0.observations(since: time) })
    }

    private func saveModels(_ models: RuleStateBox, at now: Double) {
        do {
            try findingStore.saveState(models.snapshot, name: Self.modelsStateName, at: now)
        } catch {
            logger.error("traffic models not saved: \(error)")
        }
    }

    private func probeStatuses() -> [ProbeStatus] { registry.statuses }
}
