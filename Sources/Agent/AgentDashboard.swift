import Alerting
public import Dashboard
import GRDB
import Hummingbird
import ProbeKit
public import TimeSeries
public import IXPCore
import ReadModels
public import Detection

/// Mounts the built-in dashboard (`Dashboard` module) on the agent's router, over an
/// `LiveDashboardSource` that reads the agent's store, detector state, probes and outbox.
public enum AgentDashboard {
    /// Registers the dashboard's pages and JSON routes. Throws when its templates do not parse.
    static func register(on router: Router<BasicRequestContext>, runtime: AgentRuntime, store: TimeSeriesStore,
                         registry: MetricsRegistry, state: DetectionState, catalog: ProbeCatalog,
                         database: any DatabaseWriter) throws {
        let configuration = runtime.configuration
        var source = LiveDashboardSource(
            store: store, registry: registry, state: state, observationSources: { catalog.observationSources },
            outbox: configuration.alerting == nil ? nil : Outbox(writer: database),
            silences: configuration.alerting == nil ? nil : SilenceStore(writer: database),
            stateDirectory: configuration.stateDirectory, clock: TimeSeriesStore.systemClock)
        source.acknowledgements = AcknowledgementStore(writer: database)
        let renderer: DashboardRenderer
        do {
            renderer = try DashboardRenderer(source: source, clock: TimeSeriesStore.systemClock)
        } catch {
            throw ConfigurationError(file: "dashboard", message: "\(error)")
        }
        DashboardRoutes.register(on: router, renderer: renderer, settings: configuration.web)
    }
}

extension AgentDashboard {
    /// A dashboard renderer over the agent's own data source, for benchmarks and tools that
    /// hold a store and a detector state without running the agent.
    public static func renderer(store: TimeSeriesStore, registry: MetricsRegistry = MetricsRegistry(), state: DetectionState,
                                clock: @escaping @Sendable () -> Double) throws -> DashboardRenderer {
        let source = LiveDashboardSource(store: store, registry: registry, state: state, observationSources: { [] }, outbox: nil,
                                          silences: nil, stateDirectory: nil, clock: clock)
        return try DashboardRenderer(source: source, clock: clock)
    }
}
