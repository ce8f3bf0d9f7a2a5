@testable import Agent
import Logging
import ServiceLifecycleTestKit
import Synchronization
import Testing

@Suite("Store checkpoint service")
struct StoreCheckpointServiceTests {
    @Test func checkpointsWriteOffTheConcurrencyPool() async {
        let seen = Mutex<[Bool]>([])
        let service = StoreCheckpointService(interval: 3600, logger: Logger(label: "test")) {
            seen.withLock { $0.append(StoreCheckpointService.isOnCheckpointQueue) }
        }
        let written = await service.checkpoint()
        #expect(written)
        #expect(seen.withLock { $0 } == [true], "the write ran on the checkpoint queue, not a pool thread")
        #expect(!StoreCheckpointService.isOnCheckpointQueue)
    }

    @Test func theFirstCheckpointWaitsAnIntervalAndShutdownWritesOne() async throws {
        let writes = Mutex(0)
        let service = StoreCheckpointService(interval: 3600, logger: Logger(label: "test")) { writes.withLock { $0 += 1 } }
        try await testGracefulShutdown { trigger in
            let task = Task { try await service.run() }
            try await Task.sleep(for: .milliseconds(50))
            #expect(writes.withLock { $0 } == 0, "nothing before the first interval")
            trigger.triggerGracefulShutdown()
            try await task.value
        }
        #expect(writes.withLock { $0 } == 1, "the final checkpoint, without waiting out the hour")
    }

    @Test func checkpointsEveryIntervalThenOnceMoreAtShutdown() async throws {
        let writes = Mutex(0)
        let service = StoreCheckpointService(interval: 0.02, logger: Logger(label: "test")) { writes.withLock { $0 += 1 } }
        try await testGracefulShutdown { trigger in
            let task = Task { try await service.run() }
            // Looks counted, not time: other tests may hold the concurrency pool for seconds.
            for _ in 0..<2_000 {
                if writes.withLock({ $0 }) >= 2 { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            let periodic = writes.withLock { $0 }
            #expect(periodic >= 2)
            trigger.triggerGracefulShutdown()
            try await task.value
            #expect(writes.withLock { $0 } > periodic, "a final checkpoint at shutdown")
        }
    }

    @Test func aFailedCheckpointIsReportedNotThrown() async {
        struct DiskFull: Error {}
        let service = StoreCheckpointService(interval: 3600, logger: Logger(label: "test")) { throw DiskFull() }
        #expect(await service.checkpoint() == false)
    }
}
