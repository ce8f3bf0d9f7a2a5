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

    /// The rule-state name the traffic models are kept under.
    static let modelsStateName = "traffic_anomaly.models"

    func run() async throws {
        let models = RuleStateBox()
        // The findings and when the models were last saved, from one evaluation to the next
        // (one evaluation runs at a time; the lock lets the tick closure own them).
        let loop = Mutex<(tracker: FindingTracker, lastModelSave: Double?)>((restore(models), nil))
        try await PeriodicService(
            name: "detection", interval: .seconds(configuration.interval),
            initialDelay: .seconds(min(initialDelay, configuration.interval)), logger: logger
        ) {
            loop.withLock { state in
                let now = clock()
                // The models are saved an hour after the first evaluation, then hourly.
                let lastModelSave = state.lastModelSave ?? now
                state.lastModelSave = lastModelSave
                evaluate(at: now, tracker: &state.tracker, models: models)
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

    /// One evaluation: rules, findings, persistence, metrics, report.
    func evaluate(at now: Double, tracker: inout FindingTracker, models: RuleStateBox) {
        let started = DispatchTime.now().uptimeNanoseconds
        let context = DetectionContext(
            now: now, store: store, configuration: configuration, members: state.members, membership: state.membership,
            peeringDB: state.peeringDB, memberListStatus: state.memberListStatus, probes: probeStatuses(),
            lan: lanObservations(at: now), ruleState: models)
        let result = Detector().evaluate(context)
        let transitions = tracker.update(candidates: result.candidates, now: now, configuration: configuration)
        let findings = tracker.all
        do {
            try findingStore.saveFindings(findings, at: now)
        } catch {
            logger.error("findings not saved: \(error)")
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
