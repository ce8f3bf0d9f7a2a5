import Alerting
import Detection
import Foundation
import GRDB
import Hummingbird
import Logging
import Members
import ProbeKit
import ServiceLifecycle
import StateDatabase
import TimeSeries

/// Builds the running agent from a configuration: the store, every configured kind's probes
/// and services, the scheduler, the checkpoint service and the HTTP server; and runs them until
/// SIGTERM/SIGINT. It knows probes only through `ProbeSettings` and `Probe`.
public struct AgentRuntime {
    /// The configuration it runs.
    public let configuration: AgentConfiguration
    private let logger: Logger

    /// Creates a runtime.
    public init(configuration: AgentConfiguration, logger: Logger = Logger(label: "ixp-health")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until a graceful-shutdown signal. Throws when the store or the listener cannot be
    /// set up.
    public func run() async throws {
        let store = try openStore()
        var probes: [any Probe] = []
        // Probe services first: graceful shutdown runs in reverse, so the scheduler stops
        // before the captures and engines its probes use.
        var services: [any Service] = []
        for settings in configuration.probes {
            let set = try settings.makeProbes()
            probes += set.probes
            services += set.services
        }
        let registry = MetricsRegistry()
        services.append(ProbeScheduler(probes: probes, registry: registry, store: store))
        let database = try openStateDatabase()
        let detectionState = DetectionState()
        if let members = configuration.members {
            services.append(MemberListService(settings: members, store: MembershipStore(writer: database), state: detectionState,
                                              clock: TimeSeriesStore.systemClock, logger: Logger(label: "ixp-health.members")))
        }
        var intervals: [ProbeIdentity: Double] = [:]
        var switches: [ProbeIdentity: String] = [:]
        for probe in probes {
            intervals[probe.identity] = probe.interval
            if probe.identity.kind.hasPrefix("snmp") { switches[probe.identity] = probe.identity.name }
        }
        services.append(DetectionService(
            configuration: configuration.detection, store: store, registry: registry, state: detectionState,
            findingStore: FindingStore(writer: database), probeIntervals: intervals, switchOfProbe: switches,
            clock: TimeSeriesStore.systemClock, logger: Logger(label: "ixp-health.detection"),
            observationSources: probes.compactMap { $0 as? any ObservationSource }))
        let silenceStore = SilenceStore(writer: database)
        if let alerting = configuration.alerting {
            services.append(makeAlertingService(alerting, database: database, state: detectionState, registry: registry,
                                                store: store))
        }
        if store.directory != nil {
            services.append(StoreCheckpointService(store: store, interval: configuration.checkpointInterval,
                                                   logger: Logger(label: "ixp-health.store")))
        }
        let router = AgentHTTPRouter.make(registry: registry, store: store, detection: detectionState)
        try AgentDashboard.register(on: router, runtime: self, store: store, registry: registry, state: detectionState,
                                    probes: probes, database: database)
        if let alerting = configuration.alerting {
            SilencesAPI.register(on: router, store: silenceStore, configured: alerting.silences, clock: TimeSeriesStore.systemClock)
        }
        let http = configuration.http
        let logger = self.logger
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(http.host, port: http.port), serverName: "ixp-health"),
            services: services,
            onServerRunning: { channel in
                logger.info("serving /metrics", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
            },
            logger: Logger(label: "ixp-health.http"))
        logger.info("starting", metadata: [
            "probes": "\(probes.count)", "state_directory": "\(configuration.stateDirectory ?? "(memory only)")",
        ])
        try await app.runService()
    }

    /// `state.sqlite` in the state directory (in memory without one), with every module's tables.
    private func openStateDatabase() throws -> any DatabaseWriter {
        let directory = configuration.stateDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
        do {
            return try StateDatabase.open(directory: directory, migrations: [
                MembershipStore.registerMigrations, FindingStore.registerMigrations, Outbox.registerMigrations,
            ])
        } catch {
            throw ConfigurationError(file: configuration.stateDirectory ?? "state database", message: error.message)
        }
    }

    private func openStore() throws -> TimeSeriesStore {
        let directory = configuration.stateDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
        return try TimeSeriesStore(configuration: configuration.storeConfiguration, directory: directory)
    }
}

/// Writes the store to disk every `interval` seconds, and once more at shutdown.
struct StoreCheckpointService: Service {
    let store: TimeSeriesStore
    let interval: Double
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                } catch {
                    break
                }
                checkpoint()
            }
        }
        checkpoint()
    }

    private func checkpoint() {
        do {
            try store.checkpoint()
        } catch {
            logger.error("checkpoint failed; history is kept in memory: \(error)")
        }
    }
}
