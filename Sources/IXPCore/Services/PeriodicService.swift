public import Logging
public import ServiceLifecycle

/// A service that runs `tick` again and again until graceful shutdown: after `initialDelay`
/// (none by default) the first time, then `interval` after each tick has finished (a fixed
/// delay between ticks, not a fixed rate: a slow tick pushes the next ones back).
///
/// Graceful shutdown or cancellation ends the wait at once and cancels a tick that is running
/// (the tick sees `Task.isCancelled`); no tick starts after it, and `run()` returns without
/// throwing. A tick that throws is logged at error level and the loop goes on; a tick that
/// throws because it was cancelled at shutdown is not logged.
///
/// The waits are on `clock`, so tests can drive the service with a clock of their own instead
/// of waiting. Services that keep state between ticks or do work before the first one or after
/// the last (a final checkpoint) call `run()` from their own `run()`.
public struct PeriodicService<C: Clock>: Service where C.Duration == Duration {
    /// What the service does, for the log (`"<name> failed: <error>"`).
    public let name: String
    /// The wait after each tick.
    public let interval: Duration
    /// The wait before the first tick; zero or less for none.
    public let initialDelay: Duration
    /// The clock the waits are measured on.
    public let clock: C
    /// Where a failed tick is reported.
    public let logger: Logger
    private let tick: @Sendable () async throws -> Void

    /// A service running `tick` after `initialDelay`, then `interval` after each tick, on `clock`.
    public init(name: String, interval: Duration, initialDelay: Duration = .zero, clock: C, logger: Logger,
                tick: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.initialDelay = initialDelay
        self.clock = clock
        self.logger = logger
        self.tick = tick
    }

    /// Runs the ticks until graceful shutdown or cancellation, then returns.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.loop() }
    }

    private func loop() async {
        if initialDelay > .zero {
            do {
                try await clock.sleep(for: initialDelay)
            } catch {
                return
            }
        }
        while !Task.isCancelled {
            do {
                try await tick()
            } catch {
                if Task.isCancelled { return }
                logger.error("\(name) failed: \(error)")
            }
            do {
                try await clock.sleep(for: interval)
            } catch {
                return
            }
        }
    }
}

extension PeriodicService where C == ContinuousClock {
    /// A service running `tick` after `initialDelay`, then `interval` after each tick, on the
    /// continuous clock (which keeps counting while the machine sleeps).
    public init(name: String, interval: Duration, initialDelay: Duration = .zero, logger: Logger,
                tick: @escaping @Sendable () async throws -> Void) {
        self.init(name: name, interval: interval, initialDelay: initialDelay, clock: ContinuousClock(), logger: logger,
                  tick: tick)
    }
}
