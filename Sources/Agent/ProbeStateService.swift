import Dispatch
import Foundation
import Logging
import ProbeKit
import ServiceLifecycle

/// Keeps the probes' learnt state (`PersistentStateProbe`) in the state database: `restore()`
/// hands each probe what it saved last time, before the probes start; the service then saves
/// every `interval` seconds and once more at shutdown, after the probes have stopped.
struct ProbeStateService: Service {
    let probes: [any PersistentStateProbe]
    let store: ProbeStateStore
    let interval: Double
    let clock: @Sendable () -> Double
    let logger: Logger

    /// Gives each probe its saved state; a state that cannot be read is logged and skipped.
    func restore() {
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
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                } catch {
                    break
                }
                await save()
            }
        }
        await save()
    }

    /// Saves every probe's state, off the concurrency pool (SQLite writes block).
    func save() async {
        let probes = probes
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
