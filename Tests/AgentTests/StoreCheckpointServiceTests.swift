@testable import Agent
import Logging
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

    @Test func aFailedCheckpointIsReportedNotThrown() async {
        struct DiskFull: Error {}
        let service = StoreCheckpointService(interval: 3600, logger: Logger(label: "test")) { throw DiskFull() }
        #expect(await service.checkpoint() == false)
    }
}
