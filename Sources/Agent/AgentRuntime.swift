import Alerting
import Detection
import Foundation
import GRDB
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import Members
import NIOSSL
import ProbeKit
import ServiceLifecycle
import StateDatabase
import TimeSeries
import IXPCore
import HTTPListener

import UnixSignals
/// Builds the running agent from a configuration: the store, every configured kind's probes
/// and services, the scheduler, the checkpoint service and the HTTP server; and runs them until
/// SIGTERM/SIGINT. SIGHUP reloads the probes from the configuration file (`ProbeSupervisor`),
/// and the listener's users, tokens and certificate (`ListenerCredentials`).
/// It knows probes only through `ProbeSettings` and `Probe`.
public struct AgentRuntime {
    /// The configuration it runs.
    public let configuration: AgentConfiguration
    /// The file it came from: SIGHUP reads it again and replaces the probes and the listener's
    /// credentials (nil: no reload).
    public let configurationPath: String?
    private let logger: Logger

    /// Creates a runtime. With `configurationPath`, SIGHUP reloads the probes from that file.
    public init(configuration: AgentConfiguration, configurationPath: String? = nil,
                logger: Logger = Logger(label: "ixp-health")) {
        self.configuration = configuration
        self.configurationPath = configurationPath
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
        if store.directory != nil {
            // First, so that it stops last: its final checkpoint holds the scheduler's last poll.
            services.append(StoreCheckpointService(store: store, interval: configuration.checkpointInterval,
                                                   logger: Logger(label: "ixp-health.store")))
        }
        var probeServices: [any Service] = []
        for settings in configuration.probes {
            let set = try settings.makeProbes()
            probes += set.probes
            probeServices += set.services
        }
        let database = try openStateDatabase()
        let catalog = ProbeCatalog(probes)
        // The probes' learnt state (the peering LAN's storm baseline): restored before they
        // start; saved after they stop (the service comes before theirs, so it stops after).
        let stateService = ProbeStateService(
            catalog: catalog, store: ProbeStateStore(writer: database), interval: configuration.checkpointInterval,
            clock: TimeSeriesStore.systemClock, logger: Logger(label: "ixp-health.probe-state"))
        stateService.restore(catalog.persistent)
        services.append(stateService)
        let registry = MetricsRegistry()
        // The probes' services and the scheduler, as one generation that SIGHUP can replace.
        // The listener's users, tokens and certificate, which the same SIGHUP replaces.
        let http = configuration.http
        let credentials: ListenerCredentials
        do {
            credentials = try ListenerCredentials(http, clock: TimeSeriesStore.systemClock)
        } catch {
            throw ConfigurationError(file: configurationPath ?? "http.tls", message: "http.tls: \(error.message)")
        }
        var reload: (@Sendable () throws -> AgentConfiguration)?
        if let path = configurationPath {
            reload = { () throws -> AgentConfiguration in try AgentConfiguration.load(path: path) }
        }
        var supervisor = ProbeSupervisor(
            initial: ProbeSupervisor.Generation(probes: probes, services: probeServices), catalog: catalog,
            registry: registry, store: store, probeState: stateService, reload: reload,
            logger: Logger(label: "ixp-health.probes"))
        let path = configurationPath
        supervisor.applied = { next throws in
            do {
                return try credentials.apply(next.http)
            } catch {
                throw ConfigurationError(file: path ?? "http.tls", message: "http.tls: \(error)")
            }
        }
        services.append(supervisor)
        let detectionState = DetectionState()
        if let members = configuration.members {
            services.append(MemberListService(settings: members, store: MembershipStore(writer: database), state: detectionState,
                                              clock: TimeSeriesStore.systemClock, logger: Logger(label: "ixp-health.members")))
        }
        let silenceStore = SilenceStore(writer: database)
        let acknowledgements = AcknowledgementStore(writer: database)
        var detection = DetectionService(
            configuration: configuration.detection, store: store, registry: registry, state: detectionState,
            findingStore: FindingStore(writer: database), catalog: catalog,
            clock: TimeSeriesStore.systemClock, logger: Logger(label: "ixp-health.detection"))
        detection.acknowledgements = acknowledgements
        if let alerting = configuration.alerting {
            let configured = alerting.silences
            detection.silences = { now in
                let silences = configured + ((try? silenceStore.list(now: now)) ?? [])
                return { finding in silences.contains { $0.silences(finding, at: now) } }
            }
        }
        services.append(detection)
        if let alerting = configuration.alerting {
            services.append(makeAlertingService(alerting, database: database, state: detectionState, registry: registry,
                                                store: store))
        }
        let router = AgentHTTPRouter.make(registry: registry, store: store, detection: detectionState,
                                          acknowledgements: acknowledgements)
        try AgentDashboard.register(on: router, runtime: self, store: store, registry: registry, state: detectionState,
                                    catalog: catalog, database: database)
        if let alerting = configuration.alerting {
            SilencesAPI.register(on: router, store: silenceStore, configured: alerting.silences, clock: TimeSeriesStore.systemClock)
        }
        let logger = self.logger
        // The gate (rate limit, body size, authentication) in front of the router; TLS when
        // configured, each handshake with the certificate `credentials` holds then.
        let server: HTTPServerBuilder
        if let tls = http.tls {
            let tlsConfiguration: TLSConfiguration
            do {
                tlsConfiguration = try credentials.serverConfiguration(tls)
            } catch {
                throw ConfigurationError(file: configurationPath ?? "http.tls", message: "http.tls: \(error.message)")
            }
            server = try .tls(.http1(), tlsConfiguration: tlsConfiguration)
        } else {
            server = .http1()
        }
        if !http.isLoopback && http.uiAuth == nil {
            logger.warning("the dashboard and API are open to anyone who reaches \(http.host):\(http.port); configure http.auth.ui")
        }
        let scheme = http.tls == nil ? "http" : "https"
        let app = Application(
            responder: HTTPGuard(router.buildResponder(), configuration: http, credentials: credentials,
                                 clock: TimeSeriesStore.systemClock),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(http.host, port: http.port), serverName: "ixp-health"),
            services: services,
            onServerRunning: { channel in
                logger.info("serving /metrics", metadata: [
                    "address": "\(channel.localAddress.map { "\($0)" } ?? "?")", "scheme": "\(scheme)",
                    "metrics_auth": "\(http.metricsAuth == nil ? "off" : "on")", "ui_auth": "\(http.uiAuth == nil ? "off" : "on")",
                ])
            },
            logger: Logger(label: "ixp-health.http"))
        logger.info("starting", metadata: [
            "probes": "\(probes.count)", "state_directory": "\(configuration.stateDirectory ?? "(memory only)")",
        ])
        // SIGTERM/SIGINT start a graceful stop; past `shutdown_timeout` the services still
        // running (a probe waiting on a dead switch) are cancelled, as service-lifecycle's
        // maximumGracefulShutdownDuration does. The checkpoint service writes its last
        // checkpoint either way.
        var group = ServiceGroupConfiguration(
            services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .milliseconds(Int64(configuration.shutdownTimeout * 1000))
        try await ServiceGroup(configuration: group).run()
    }

    /// `state.sqlite` in the state directory (in memory without one), with every module's tables.
    private func openStateDatabase() throws -> any DatabaseWriter {
        let directory = configuration.stateDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
        do {
            return try StateDatabase.open(directory: directory, migrations: [
                MembershipStore.registerMigrations, FindingStore.registerMigrations, Outbox.registerMigrations,
                ProbeStateStore.registerMigrations,
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
