public import Detection
import Foundation
import GRDB
import Members
import StateDatabase
public import TimeSeries

/// Makes the health report without a running agent: from history files alone (`report
/// --history FILE --members FILE…`), or from a stopped agent's state directory (`report
/// --config FILE`). One evaluation, so a rule's `for` duration cannot be established: every
/// condition that holds is reported as a firing finding.
public enum HealthReportMaker {
    /// Why a report could not be made; the message names the file.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What went wrong.
        public var message: String
        /// A failure.
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// The report of an OpenMetrics history (as `import` takes it) and IX-F exports, each at its
    /// own `timestamp` (the newest is the current list). `at` defaults to the end of the history.
    public static func fromHistory(historyFile: String, memberFiles: [String], at: Double? = nil,
                                   configuration: DetectionConfiguration = DetectionConfiguration(),
                                   routeServerASNs: [UInt32] = []) throws(Failure) -> HealthReport {
        let plan: ImportPlan
        do {
            plan = try OpenMetricsImporter().parse(contentsOf: URL(fileURLWithPath: historyFile))
        } catch {
            throw Failure(error.description)
        }
        return try fromPlan(plan, source: historyFile, memberFiles: memberFiles, at: at, configuration: configuration,
                            routeServerASNs: routeServerASNs)
    }

    /// The report of history already read (an OpenMetrics file's, or a Prometheus server's) and
    /// IX-F exports; `source` names the history in messages.
    public static func fromPlan(_ plan: ImportPlan, source historyFile: String, memberFiles: [String], at: Double? = nil,
                                configuration: DetectionConfiguration = DetectionConfiguration(),
                                routeServerASNs: [UInt32] = []) throws(Failure) -> HealthReport {
        // The raw tier takes the history's own step (hourly history: an hourly raw tier for 400 days).
        var step = Double.infinity
        var newest = -Double.infinity
        for series in plan.series {
            if series.timestamps.count > 1 { step = min(step, series.timestamps[1] - series.timestamps[0]) }
            if let last = series.timestamps.last { newest = max(newest, last) }
        }
        guard newest.isFinite else { throw Failure("\(historyFile): the history holds no samples") }
        let rawStep = step.isFinite && step >= 1 ? Int(step) : 3_600
        let now = at ?? newest + Double(rawStep)
        var storeConfiguration = StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: rawStep))
        storeConfiguration.maxSeries = max(1, plan.series.count)
        storeConfiguration.staleAfter = max(storeConfiguration.staleAfter, 3 * Double(rawStep))
        storeConfiguration.reclaimAfter = max(storeConfiguration.reclaimAfter, storeConfiguration.staleAfter)
        let store: TimeSeriesStore
        do {
            store = try TimeSeriesStore(configuration: storeConfiguration, directory: nil, clock: { now })
            _ = try store.importHistory(plan)
        } catch {
            throw Failure("\(historyFile): \(error)")
        }
        var exports: [(at: Double, registry: MemberRegistry)] = []
        for file in memberFiles {
            do {
                var registry = try IXFMemberListParser.parse(contentsOf: file)
                if !routeServerASNs.isEmpty { registry.markRouteServers(asns: routeServerASNs) }
                exports.append((registry.timestampSeconds ?? now, registry))
            } catch {
                throw Failure(error.message)
            }
        }
        exports.sort { $0.at < $1.at }
        let known = exports.filter { $0.at <= now }
        let history = known.isEmpty ? nil : MembershipHistory.build(from: known)
        let context = DetectionContext(now: now, store: store, configuration: configuration, members: known.last?.registry,
                                       membership: history)
        return evaluateOnce(context)
    }

    /// The report of a stopped agent's state directory: its store (read with the agent's
    /// `storeConfiguration`), member list and findings, judged with its `detection` settings.
    public static func fromState(stateDirectory: String?, storeConfiguration: StoreConfiguration,
                                 detection: DetectionConfiguration, at: Double? = nil) throws(Failure) -> HealthReport {
        guard let directory = stateDirectory else {
            throw Failure("the configuration has no state_directory; use --history and --members, or --agent URL")
        }
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        let now = at ?? Date().timeIntervalSince1970
        let store: TimeSeriesStore
        let database: any DatabaseWriter
        do {
            store = try TimeSeriesStore(configuration: storeConfiguration, directory: url)
            database = try StateDatabase.open(directory: url, migrations: [MembershipStore.registerMigrations, FindingStore.registerMigrations])
        } catch {
            throw Failure("\(directory): \(error)")
        }
        let members = MembershipStore(writer: database)
        let registry = try? members.latestRegistry()?.registry
        let history = try? members.history()
        let stored = (try? FindingStore(writer: database).loadFindings().findings) ?? []
        let configuration = detection
        let context = DetectionContext(now: now, store: store, configuration: configuration, members: registry, membership: history)
        let result = Detector().evaluate(context)
        var tracker = FindingTracker(findings: stored)
        tracker.update(candidates: result.candidates, now: now, configuration: configuration)
        return HealthReportBuilder.build(context: context, result: result, findings: tracker.all)
    }

    /// One evaluation with every condition that holds reported as firing.
    static func evaluateOnce(_ context: DetectionContext) -> HealthReport {
        let result = Detector().evaluate(context)
        var immediate = context.configuration
        for id in RuleCatalog.ruleIDs {
            var settings = immediate.settings(for: id)
            settings.forDuration = 0
            immediate.rules[id] = settings
        }
        var tracker = FindingTracker()
        tracker.update(candidates: result.candidates, now: context.now, configuration: immediate)
        return HealthReportBuilder.build(context: context, result: result, findings: tracker.all, findingHistory: false)
    }
}
