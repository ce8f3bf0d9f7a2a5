import Dispatch
import IXPCore
import Logging
import ServiceLifecycle
import TimeSeries

/// Writes the store to disk every `interval` seconds, and once more at shutdown.
///
/// After each one, free heap pages go back to the system (`ProcessHeap.releaseFreePages`).
///
/// Checkpoints write and fsync files: they run on a serial queue of their own, never on a
/// thread of the concurrency pool, which the HTTP server and the probes share.
struct StoreCheckpointService: Service {
    /// Marks the checkpoint queues.
    private static let queueKey = DispatchSpecificKey<Bool>()

    /// Whether the caller runs on a checkpoint queue (for tests).
    static var isOnCheckpointQueue: Bool { DispatchQueue.getSpecific(key: queueKey) == true }

    let interval: Double
    let logger: Logger
    private let write: @Sendable () throws -> Void
    private let queue: DispatchQueue

    /// Checkpoints `store`.
    init(store: TimeSeriesStore, interval: Double, logger: Logger) {
        self.init(interval: interval, logger: logger) { try store.checkpoint() }
    }

    /// Runs `write` as the checkpoint (tests give their own).
    init(interval: Double, logger: Logger, write: @escaping @Sendable () throws -> Void) {
        self.interval = interval
        self.logger = logger
        self.write = write
        queue = DispatchQueue(label: "ixp-health.checkpoint")
        queue.setSpecific(key: Self.queueKey, value: true)
    }

    func run() async throws {
        try await PeriodicService(name: "checkpoint", interval: .seconds(interval), initialDelay: .seconds(interval),
                                  logger: logger) { _ = await checkpoint() }.run()
        if await checkpoint() {
            logger.info("final checkpoint written")
        }
    }

    /// Writes one checkpoint on the checkpoint queue; the calling task waits without holding a
    /// thread, and is not interrupted by cancellation (a checkpoint is never left half done).
    /// Returns whether it succeeded.
    @discardableResult
    func checkpoint() async -> Bool {
        let write = self.write
        let logger = self.logger
        return await withCheckedContinuation { continuation in
            queue.async {
                let written: Bool
                do {
                    try write()
                    written = true
                } catch {
                    logger.error("checkpoint failed; history is kept in memory: \(error)")
                    written = false
                }
                // The checkpoint's buffers are freed: hand free heap pages back (`ProcessHeap`).
                ProcessHeap.releaseFreePages()
                continuation.resume(returning: written)
            }
        }
    }
}
