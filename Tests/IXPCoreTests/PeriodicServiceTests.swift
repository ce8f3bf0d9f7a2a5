import ClockTestSupport
import IXPCore
import Logging
import ServiceLifecycleTestKit
import Synchronization
import Testing

@Suite struct PeriodicServiceTests {
    /// A periodic service on a manual clock that records when each tick starts, then runs the
    /// test's own tick body.
    final class Fixture: Sendable {
        /// The clock's times (since it was made) at which ticks started.
        final class TickLog: Sendable {
            private let starts = Mutex<[Duration]>([])

            var all: [Duration] { starts.withLock { $0 } }

            /// Notes a tick starting now; how many have started.
            func record(_ clock: ManualClock) -> Int { starts.withLock { $0.append(clock.now.offset); return $0.count } }
        }

        let clock: ManualClock
        let records: RecordingLogHandler.Records
        let service: PeriodicService<ManualClock>
        private let log: TickLog

        /// The clock's times (since it was made) at which ticks started.
        var ticks: [Duration] { log.all }

        /// A service named `name`, whose tick runs `body` with the tick's number (from 1).
        init(name: String = "test", interval: Duration, initialDelay: Duration = .zero,
             tick body: @escaping @Sendable (_ count: Int, _ clock: ManualClock) async throws -> Void = { _, _ in }) {
            let (logger, records) = RecordingLogHandler.logger()
            let clock = ManualClock()
            let log = TickLog()
            self.clock = clock
            self.records = records
            self.log = log
            service = PeriodicService(name: name, interval: interval, initialDelay: initialDelay, clock: clock, logger: logger) {
                try await body(log.record(clock), clock)
            }
        }

        /// Runs the service in a new task (which keeps the caller's graceful-shutdown context).
        func start() -> Task<Void, any Error> {
            let service = service
            return Task { try await service.run() }
        }

        /// Moves the clock on by `duration`, then waits until the service sleeps again.
        func advance(by duration: Duration) async -> Bool {
            clock.advance(by: duration)
            return await clock.waitForSleepers()
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "disk full" }
    }

    @Test func theFirstTickFollowsTheInitialDelayAndTheNextOnesTheInterval() async throws {
        let fixture = Fixture(interval: .seconds(60), initialDelay: .seconds(5))
        let task = fixture.start()
        #expect(await fixture.clock.waitForSleepers())
        #expect(await fixture.advance(by: .seconds(4)))
        #expect(fixture.ticks.isEmpty)
        #expect(await fixture.advance(by: .seconds(1)))
        #expect(fixture.ticks == [.seconds(5)])
        #expect(await fixture.advance(by: .seconds(59)))
        #expect(fixture.ticks == [.seconds(5)])
        #expect(await fixture.advance(by: .seconds(1)))
        #expect(fixture.ticks == [.seconds(5), .seconds(65)])
        task.cancel()
        try await task.value
        #expect(fixture.ticks == [.seconds(5), .seconds(65)])
        #expect(fixture.clock.sleeperCount == 0)
    }

    @Test func withoutAnInitialDelayTheFirstTickIsAtOnce() async throws {
        let fixture = Fixture(interval: .seconds(30))
        let task = fixture.start()
        #expect(await fixture.clock.waitForSleepers())
        #expect(fixture.ticks == [.zero])
        #expect(await fixture.advance(by: .seconds(30)))
        #expect(fixture.ticks == [.zero, .seconds(30)])
        task.cancel()
        try await task.value
    }

    @Test func theIntervalCountsFromTheEndOfATick() async throws {
        // Each tick takes 10 s of the clock's time.
        let fixture = Fixture(interval: .seconds(60)) { _, clock in try await clock.sleep(for: .seconds(10)) }
        let task = fixture.start()
        #expect(await fixture.clock.waitForSleepers())
        #expect(await fixture.advance(by: .seconds(10)))  // the first tick ends at 10 s
        #expect(await fixture.advance(by: .seconds(60)))  // the second starts at 70 s
        #expect(fixture.ticks == [.zero, .seconds(70)])
        task.cancel()
        try await task.value
    }

    @Test func gracefulShutdownEndsTheWaitAndNoTickFollows() async throws {
        let fixture = Fixture(interval: .seconds(3600))
        try await testGracefulShutdown { trigger in
            let task = fixture.start()
            #expect(await fixture.clock.waitForSleepers())
            trigger.triggerGracefulShutdown()
            try await task.value
        }
        #expect(fixture.ticks == [.zero])
        #expect(fixture.clock.sleeperCount == 0)
    }

    @Test func gracefulShutdownCancelsARunningTickAndDoesNotReportIt() async throws {
        let cancelled = Mutex(false)
        let fixture = Fixture(interval: .seconds(60)) { _, clock in
            do {
                try await clock.sleep(for: .seconds(1_000))  // a long tick
            } catch {
                cancelled.withLock { $0 = error is CancellationError }
                throw error
            }
        }
        try await testGracefulShutdown { trigger in
            let task = fixture.start()
            #expect(await fixture.clock.waitForSleepers())  // inside the first tick
            trigger.triggerGracefulShutdown()
            try await task.value
        }
        #expect(cancelled.withLock { $0 })
        #expect(fixture.records.all.isEmpty)
    }

    @Test func cancellationDuringTheInitialDelayMeansNoTick() async throws {
        let fixture = Fixture(interval: .seconds(60), initialDelay: .seconds(5))
        let task = fixture.start()
        #expect(await fixture.clock.waitForSleepers())
        task.cancel()
        try await task.value
        #expect(fixture.ticks.isEmpty)
    }

    @Test func aThrowingTickIsLoggedAndTheLoopGoesOn() async throws {
        let fixture = Fixture(name: "checkpoint", interval: .seconds(60)) { count, _ in
            if count == 1 { throw Failure() }
        }
        let task = fixture.start()
        #expect(await fixture.clock.waitForSleepers())
        #expect(await fixture.advance(by: .seconds(60)))
        task.cancel()
        try await task.value
        #expect(fixture.ticks == [.zero, .seconds(60)])
        #expect(fixture.records.all.map(\.level) == [.error])
        #expect(fixture.records.all.map(\.message) == ["checkpoint failed: disk full"])
    }

    @Test func theManualClockWakesSleepersInOrderOfTheirDeadlines() async throws {
        let clock = ManualClock()
        let woken = Mutex<[Int]>([])
        let tasks = [30, 10, 20].map { seconds in
            Task { @Sendable in
                try await clock.sleep(for: .seconds(seconds))
                woken.withLock { $0.append(seconds) }
            }
        }
        #expect(await clock.waitForSleepers(3))
        clock.advance(by: .seconds(15))
        try await tasks[1].value
        #expect(woken.withLock { $0 } == [10])
        tasks[0].cancel()
        await #expect(throws: CancellationError.self) { try await tasks[0].value }
        clock.advance(by: .seconds(5))
        try await tasks[2].value
        #expect(woken.withLock { $0 } == [10, 20])
        #expect(clock.sleeperCount == 0)
    }
}
