import Dispatch
public import Logging
public import ServiceLifecycle
public import TimeSeries
public import IXPCore

/// Runs every probe at its interval, concurrently, until graceful shutdown: times each run,
/// records its success in the registry, and appends its samples to the store.
///
/// A slow or failing probe only delays itself. Runs that would overlap are skipped, not
/// queued, so a switch slower than its interval is polled as often as it can answer.
public struct ProbeScheduler: Service {
    private let probes: [any Probe]
    private let registry: MetricsRegistry
    private let store: TimeSeriesStore?
    private let clock: @Sendable () -> Double
    private let intervalClock: any Clock<Duration>
    private let logger: Logger

    /// Creates a scheduler. `clock` gives the time stamped on samples (seconds since the epoch);
    /// the intervals between runs are measured and waited on `intervalClock` (the continuous
    /// clock unless a test drives one of its own).
    public init(probes: [any Probe], registry: MetricsRegistry, store: TimeSeriesStore?,
                clock: @escaping @Sendable () -> Double = TimeSeriesStore.systemClock,
                intervalClock: any Clock<Duration> = ContinuousClock(),
                logger: Logger = Logger(label: "ixp-health.scheduler")) {
        self.probes = probes
        self.registry = registry
        self.store = store
        self.clock = clock
        self.intervalClock = intervalClock
        self.logger = logger
        for probe in probes { registry.register(probe.identity, interval: probe.interval, device: probe.device) }
    }

    public func run() async throws {
        guard !probes.isEmpty else {
            // Nothing to run (a configuration that only serves stored history): stay up until
            // shutdown, since a service that returns early stops the whole agent.
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for probe in probes {
                    group.addTask { await loop(probe) }
                }
            }
        }
    }

    private func loop(_ probe: any Probe) async {
        await loop(probe, on: intervalClock)
    }

    private func loop<C: Clock>(_ probe: any Probe, on intervalClock: C) async where C.Duration == Duration {
        let interval = max(0.001, probe.interval)
        var failing = false
        while !Task.isCancelled {
            let started = intervalClock.now
            let ok = await runOnce(probe, wasFailing: failing)
            failing = !ok
            let (seconds, attoseconds) = started.duration(to: intervalClock.now).components
            let elapsed = Double(seconds) + Double(attoseconds) / 1e18
            // Sleep to the next multiple of the interval after the start of this run.
            let wait = interval - elapsed.truncatingRemainder(dividingBy: interval)
            do {
                try await intervalClock.sleep(for: .seconds(wait))
            } catch {
                return
            }
        }
    }

    /// Runs `probe` once and records the outcome; returns whether it succeeded.
    @discardableResult
    public func runOnce(_ probe: any Probe, wasFailing: Bool = false) async -> Bool {
        let identity = probe.identity
        let time = clock()
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            let output = try await probe.collect(at: time)
            let duration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            registry.recordSuccess(identity, duration: duration, at: time, metrics: output.metrics)
            if let store, !output.samples.isEmpty {
                let outcome = store.append(output.samples)
                if let ahead = outcome.startedRefusingAhead {
                    // Once per episode (the store notes it), not once per sample.
                    logger.warning(
                        "the wall clock is behind the newest stored sample: most samples of this poll were refused as out of order; each series takes samples again once the clock passes its newest one (was the clock set back?)",
                        metadata: ["probe": "\(identity.description)", "ahead_seconds": "\(Int(ahead.rounded(.up)))"])
                } else if outcome.stoppedRefusingAhead {
                    logger.notice("samples are stored again: the wall clock has passed the newest stored sample",
                                  metadata: ["probe": "\(identity.description)"])
                }
                if outcome.refusedOverCap > 0 {
                    logger.warning("store is full: samples refused", metadata: [
                        "probe": "\(identity.description)", "refused": "\(outcome.refusedOverCap)",
                    ])
                }
            }
            for warning in output.warnings {
                logger.warning("\(warning)", metadata: ["probe": "\(identity.description)"])
            }
            if wasFailing {
                logger.info("probe recovered", metadata: ["probe": "\(identity.description)"])
            }
            return true
        } catch {
            // A run cut short by shutdown is no failure of the probe: record nothing.
            if Task.isCancelled { return false }
            let duration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            registry.recordFailure(identity, duration: duration, error: "\(error)", at: time)
            logger.error("probe failed: \(error)", metadata: ["probe": "\(identity.description)"])
            return false
        }
    }
}
