import Foundation
import Logging
import PacketCapture
import PeeringLAN
import ProbeKit
import ServiceLifecycleTestKit
import StateDatabase
import Synchronization
import Testing
@testable import Agent
import IXPCore

@Suite("Probe state in the state database")
struct ProbeStateServiceTests {
    /// A probe whose state is a string it was given.
    final class RememberingProbe: PersistentStateProbe, Sendable {
        let identity = ProbeIdentity(kind: "test", name: "remembering")
        let interval = 60.0
        let persistentStateKey: String
        let state: Mutex<String?>

        init(key: String, state: String?) {
            persistentStateKey = key
            self.state = Mutex(state)
        }

        func collect(at time: Double) async throws -> ProbeOutput { ProbeOutput() }
        func persistentState() throws -> Data? { state.withLock { $0 }.map { Data($0.utf8) } }
        func restorePersistentState(_ data: Data) throws {
            struct Unreadable: Error {}
            guard let text = String(data: data, encoding: .utf8), !text.hasPrefix("!") else { throw Unreadable() }
            state.withLock { $0 = text }
        }
    }

    static func service(_ probes: [any PersistentStateProbe], directory: URL) throws -> ProbeStateService {
        let writer = try StateDatabase.open(directory: directory, migrations: [ProbeStateStore.registerMigrations])
        return ProbeStateService(catalog: ProbeCatalog(probes), store: ProbeStateStore(writer: writer), interval: 3600,
                                 clock: { 1_700_000_000 }, logger: Logger(label: "test"))
    }

    @Test func savedStateComesBackAfterARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-probe-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = RememberingProbe(key: "test/a", state: "median of seven days")
        let silent = RememberingProbe(key: "test/b", state: nil)
        await (try Self.service([first, silent], directory: directory)).save([first, silent])

        let again = RememberingProbe(key: "test/a", state: nil)
        let other = RememberingProbe(key: "test/b", state: nil)
        try Self.service([again, other], directory: directory).restore([again, other])
        #expect(again.state.withLock { $0 } == "median of seven days")
        #expect(other.state.withLock { $0 } == nil, "nothing was saved for it")
    }

    @Test func theStateIsSavedAtShutdownWithoutWaitingForTheInterval() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-probe-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let probe = RememberingProbe(key: "test/a", state: "learnt")
        let service = try Self.service([probe], directory: directory)  // saves every hour
        try await testGracefulShutdown { trigger in
            let task = Task { try await service.run() }
            try await Task.sleep(for: .milliseconds(20))
            trigger.triggerGracefulShutdown()
            try await task.value
        }
        let again = RememberingProbe(key: "test/a", state: nil)
        try Self.service([again], directory: directory).restore([again])
        #expect(again.state.withLock { $0 } == "learnt")
    }

    @Test func anUnreadableStateIsSkippedNotFatal() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-probe-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let garbage = RememberingProbe(key: "test/a", state: "!garbage")
        await (try Self.service([garbage], directory: directory)).save([garbage])
        let probe = RememberingProbe(key: "test/a", state: nil)
        try Self.service([probe], directory: directory).restore([probe])
        #expect(probe.state.withLock { $0 } == nil)
    }

    @Test func thePeeringLANProbeKeepsItsStormBaseline() throws {
        let probe = PeeringLANProbe(options: LiveCaptureOptions(interface: "eth7"))
        #expect(probe.persistentStateKey == "peering_lan/eth7")
        #expect(try probe.persistentState() == nil, "nothing learnt yet")
        let baseline = PeeringLANStormBaseline(arpMinutes: [10, 12, 11], ndMinutes: [3], lastMinute: 28_333_334)
        try probe.restorePersistentState(try JSONEncoder().encode(baseline))
        let saved = try #require(try probe.persistentState())
        #expect(try JSONDecoder().decode(PeeringLANStormBaseline.self, from: saved) == baseline)
        #expect(throws: (any Error).self) { try probe.restorePersistentState(Data("not json".utf8)) }
    }
}
