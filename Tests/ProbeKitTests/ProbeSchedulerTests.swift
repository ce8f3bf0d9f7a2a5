import ClockTestSupport
import IXPCore
import Logging
import ProbeKit
import ProbeKitTesting
import ServiceLifecycleTestKit
import Testing

/// The scheduler on a manual clock: each probe runs at once and then every interval, a failing
/// probe neither stops itself nor the others, and graceful shutdown ends every loop.
@Suite struct ProbeSchedulerTests {
    /// A scheduler of `probes` whose intervals are waited on `clock`, stamping samples at 1000 s;
    /// its log (the failures these tests cause on purpose) goes nowhere.
    static func scheduler(_ probes: [MockProbe], registry: MetricsRegistry, clock: ManualClock) -> ProbeScheduler {
        ProbeScheduler(
            probes: probes, registry: registry, store: nil, clock: { 1_000 }, intervalClock: clock,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test func eachProbeRunsAtOnceThenEveryInterval() async throws {
        let clock = ManualClock()
        let registry = MetricsRegistry()
        let fast = MockProbe(name: "fast", interval: 10)
        let slow = MockProbe(name: "slow", interval: 30)
        let scheduler = Self.scheduler([fast, slow], registry: registry, clock: clock)
        try await testGracefulShutdown { trigger in
            let task = Task { try await scheduler.run() }
            #expect(await fast.waitForCollections(1))
            #expect(await slow.waitForCollections(1))
            for round in 2...4 {
                #expect(await clock.waitForSleepers(2))
                clock.advance(by: .seconds(10))
                #expect(await fast.waitForCollections(round))
            }
            #expect(await slow.waitForCollections(2))
            trigger.triggerGracefulShutdown()
            try await task.value
        }
        #expect(fast.collectionCount == 4)  // at 0, 10, 20 and 30 s
        #expect(slow.collectionCount == 2)  // at 0 and 30 s
        #expect(fast.collectionTimes.allSatisfy { $0 == 1_000 })
        let statuses = Dictionary(uniqueKeysWithValues: registry.statuses.map { ($0.identity.name, $0) })
        #expect(statuses["fast"]?.runs == 4 && statuses["fast"]?.lastSuccess == true)
        #expect(statuses["slow"]?.interval == 30)
    }

    @Test func aFailingProbeKeepsRunningAndDoesNotStopTheOthers() async throws {
        let clock = ManualClock()
        let registry = MetricsRegistry()
        let failing = MockProbe(
            name: "failing", interval: 10, results: [.failure(ProbeError("the device does not answer"))])
        let healthy = MockProbe(name: "healthy", interval: 10)
        let scheduler = Self.scheduler([failing, healthy], registry: registry, clock: clock)
        try await testGracefulShutdown { trigger in
            let task = Task { try await scheduler.run() }
            for round in 1...3 {
                #expect(await failing.waitForCollections(round))
                #expect(await healthy.waitForCollections(round))
                #expect(await clock.waitForSleepers(2))
                clock.advance(by: .seconds(10))
            }
            #expect(await failing.waitForCollections(4))
            #expect(await healthy.waitForCollections(4))
            trigger.triggerGracefulShutdown()
            try await task.value
        }
        let statuses = Dictionary(uniqueKeysWithValues: registry.statuses.map { ($0.identity.name, $0) })
        #expect(statuses["failing"]?.lastSuccess == false)
        #expect(statuses["failing"]?.lastError == "the device does not answer")
        #expect(statuses["failing"].map { $0.failures >= 4 } == true)
        #expect(statuses["healthy"]?.lastSuccess == true)
        #expect(statuses["healthy"]?.failures == 0)
    }

    @Test func aProbeThatRecoversIsRecordedAsSucceeding() async throws {
        let clock = ManualClock()
        let registry = MetricsRegistry()
        let probe = MockProbe(
            name: "flaky", interval: 5, results: [.failure(ProbeError("timeout")), .success(ProbeOutput())])
        let scheduler = Self.scheduler([probe], registry: registry, clock: clock)
        try await testGracefulShutdown { trigger in
            let task = Task { try await scheduler.run() }
            #expect(await probe.waitForCollections(1))
            #expect(await clock.waitForSleepers())
            #expect(registry.statuses.first?.lastSuccess == false)
            clock.advance(by: .seconds(5))
            #expect(await probe.waitForCollections(2))
            #expect(await clock.waitForSleepers())
            trigger.triggerGracefulShutdown()
            try await task.value
        }
        #expect(registry.statuses.first?.lastSuccess == true)
        #expect(registry.statuses.first?.runs == 2)
    }

    @Test func gracefulShutdownEndsTheWaitsAndNoRunFollows() async throws {
        let clock = ManualClock()
        let probe = MockProbe(name: "a", interval: 3_600)
        let scheduler = Self.scheduler([probe], registry: MetricsRegistry(), clock: clock)
        try await testGracefulShutdown { trigger in
            let task = Task { try await scheduler.run() }
            #expect(await probe.waitForCollections(1))
            #expect(await clock.waitForSleepers())
            trigger.triggerGracefulShutdown()
            try await task.value
        }
        #expect(clock.sleeperCount == 0)
        clock.advance(by: .seconds(7_200))
        #expect(probe.collectionCount == 1)
    }

    @Test func withNoProbesItWaitsForShutdown() async throws {
        let scheduler = Self.scheduler([], registry: MetricsRegistry(), clock: ManualClock())
        try await testGracefulShutdown { trigger in
            let task = Task { try await scheduler.run() }
            trigger.triggerGracefulShutdown()
            try await task.value
        }
    }
}
