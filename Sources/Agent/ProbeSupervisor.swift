import Logging
import ProbeKit
import ServiceLifecycle
import TimeSeries
import UnixSignals
import IXPCore

/// Runs the probes — their services (poll engines, captures) and the scheduler — as one
/// generation, and on SIGHUP replaces the generation with the probes of the configuration file
/// as it reads now.
///
/// The store, the state database, the HTTP server, the detector and alerting keep running:
/// the history of a switch that stays in the file goes on in the same series (a switch keeps
/// its name, so its series keep their keys); a switch removed keeps its history and leaves
/// `/metrics`; one added starts polling. A file that does not load, or whose probes cannot be
/// built, is refused with its error in the log, and the running generation goes on. The same
/// reload hands the file's `http:` section to `applied` (the listener's users, tokens and
/// certificate, `ListenerCredentials`). Other sections (state_directory, detection,
/// alerting, …) take effect at the next restart.
struct ProbeSupervisor: Service {
    /// What a reload builds: the new probes and their services.
    struct Generation: Sendable {
        var probes: [any Probe]
        var services: [any Service]
    }

    let initial: Generation
    let catalog: ProbeCatalog
    let registry: MetricsRegistry
    let store: TimeSeriesStore
    /// Saves and restores learnt probe state across a reload, when any probe has some.
    let probeState: ProbeStateService?
    /// Reads the configuration file again; nil when the agent was not started from a file (no
    /// reload).
    let reload: (@Sendable () throws -> AgentConfiguration)?
    /// Takes the rest of a reloaded configuration once its probes are built (the listener's
    /// credentials); returns lines for the log. When it throws, the whole reload is refused.
    var applied: @Sendable (AgentConfiguration) throws -> [String] = { _ in [] }
    let logger: Logger

    private enum Outcome: Sendable {
        case ended
        case reload(Generation)
    }

    func run() async throws {
        var generation = initial
        while true {
            let scheduler = ProbeScheduler(probes: generation.probes, registry: registry, store: store)
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(
                services: (generation.services + [scheduler]).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                logger: logger))
            let reload = self.reload
            let outcome = try await withThrowingTaskGroup(of: Outcome.self) { tasks in
                tasks.addTask {
                    try await group.run()
                    return .ended
                }
                if let reload {
                    tasks.addTask {
                        for await _ in await UnixSignalsSequence(trapping: .sighup) {
                            guard let next = prepare(reload) else { continue }
                            await group.triggerGracefulShutdown()
                            return .reload(next)
                        }
                        return .ended
                    }
                }
                var result = Outcome.ended
                while let outcome = try await tasks.next() {
                    if case .reload = outcome {
                        result = outcome  // the generation is stopping; wait for it
                    } else {
                        tasks.cancelAll()  // it ended: stop listening for SIGHUP
                    }
                }
                return result
            }
            guard case .reload(let next) = outcome, !Task.isCancelled else { return }
            await switchOver(from: generation, to: next)
            generation = next
        }
    }

    /// Loads and builds the new generation, or logs why not and returns nil.
    private func prepare(_ reload: @Sendable () throws -> AgentConfiguration) -> Generation? {
        do {
            var next = Generation(probes: [], services: [])
            let configuration = try reload()
            for settings in configuration.probes {
                let set = try settings.makeProbes()
                next.probes += set.probes
                next.services += set.services
            }
            let notes = try applied(configuration)
            logger.notice("configuration reloaded (SIGHUP)", metadata: ["probes": "\(next.probes.count)"])
            for note in notes { logger.notice("\(note)") }
            return next
        } catch {
            logger.error("configuration reload refused; the running configuration stays: \(error)")
            return nil
        }
    }

    /// After the old generation stopped: forgets its probes that did not come back, keeps its
    /// learnt state and hands it to the new probes.
    private func switchOver(from old: Generation, to next: Generation) async {
        let kept = Set(next.probes.map(\.identity))
        for probe in old.probes where !kept.contains(probe.identity) {
            registry.unregister(probe.identity)
        }
        if let probeState {
            await probeState.save(old.probes.compactMap { $0 as? any PersistentStateProbe })
            probeState.restore(next.probes.compactMap { $0 as? any PersistentStateProbe })
        }
        catalog.replace(with: next.probes)
    }
}
