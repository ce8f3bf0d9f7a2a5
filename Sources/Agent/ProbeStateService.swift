import Dispatch
import Foundation
import IXPCore
import Logging
import ProbeKit
import ServiceLifecycle

/// Keeps the probes' learnt state (`PersistentStateProbe`) in the state database: `restore(_:)`
/// hands each probe what it saved last time, before the probes start; the service then saves
/// the catalog's probes every `interval` seconds and once more at shutdown, after the probes
/// have stopped. A configuration reload saves the old probes and restores the new ones.
struct ProbeStateService: Service {
    let catalog: ProbeCatalog
    let store: ProbeStateStore
    let interval: Double
    let clock: @Sendable () -> Double
    let logger: Logger

    /// Gives each of `probes` its saved state; a state that cannot be read is logged and skipped.
    func restore(_ probes: [any PersistentStateProbe]) {
        for probe in probes {
            do {
                guard let data = try store.load(probe.persistentStateKey) else { continue }
                try probe.restorePersistentState(data)
                logger.info("probe state restored", metadata: ["probe": "\(probe.persistentStateKey)", "bytes": "\(data.count)"])
            } catch {
                logger.error("probe state not restored; the probe starts afresh: \(error)",
                             metadata: ["probe": "\(probe.persistentStateKey)"])
            }
        }
    }

    func run() async throws {
        try await PeriodicService(name: "probe state", interval: .seconds(interval), initialDelay: .seconds(interval),
                                  logger: logger) { await save(catalog.persistent) }.run()
        await save(catalog.persistent)
    }

    /// Saves the state of each of `probes`, off the concurrency pool (SQLite writes block).
    func save(_ probes: [any PersistentStateProbe]) async {
        let store = store
        let now = clock()
        let logger = logger
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                for probe in probes {
                    do {
                        guard let data = try probe.persistentState() else { continue }
                        try store.save(probe.persistentStateKey, data, at: now)
                    } catch {
                        logger.error("probe state not saved: \(error)", metadata: ["probe": "\(probe.persistentStateKey)"])
                    }
                }
                continuation.resume()
            }
        }
    }
}
