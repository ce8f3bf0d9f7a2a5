import ProcessTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The state directory on a tiny tmpfs that fills up, and one that is read-only from the
/// start. Needs root (mount); without it the tests say so and pass nothing off as checked.
@Suite("disk faults")
struct DiskFaultIntegrationTests {
    /// A tmpfs the test mounts (source name `faults-…`), unmounted by `unmount()`.
    final class TinyFilesystem {
        let directory: URL

        init(size: String, readOnly: Bool = false) throws {
            directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-faults-fs-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let options = "size=\(size),mode=0755" + (readOnly ? ",ro" : "")
            let result = try Subprocess.run("mount", ["-t", "tmpfs", "-o", options, "faults-state", directory.path])
            guard result.succeeded else {
                try? FileManager.default.removeItem(at: directory)
                throw HarnessError("mount -t tmpfs failed (root needed): \(result.stderr)")
            }
        }

        func unmount() {
            _ = try? Subprocess.run("umount", [directory.path])
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static var isRoot: Bool { getuid() == 0 }

    @Test("a full state directory: a clear error, /metrics served, recovery when space returns, the snapshot intact",
          .enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func fullStateDirectory() async throws {
        let filesystem = try TinyFilesystem(size: "2m")
        defer { filesystem.unmount() }
        let state = filesystem.directory.appendingPathComponent("state")
        let recordings = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-faults-disk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: recordings, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: recordings) }
        try ShardIntegrationTests.recording(switchNumber: 1, ports: 2)
            .write(to: recordings.appendingPathComponent("sw1.snmprec"), atomically: true, encoding: .utf8)
        let simulator = try await SNMPSimulator.start(recordings: recordings)
        defer { simulator.stop() }
        let agent = try AgentUnderTest("""
            state_directory: \(state.path)
            checkpoint_interval: 1s
            raw_retention: 1h
            snmp: {interval: 1s, timeout: 1s, retries: 1}
            switches:
              - {name: sw1, address: 127.0.0.1, port: \(simulator.port), community: sw1}
            """)
        defer { agent.stop() }
        func sample(_ name: String, _ text: String) -> Double? { AlertEmailIntegrationTests.sample(name, in: text) }
        let healthy = try await agent.waitForMetrics(seconds: 60) { (sample("ixp_store_checkpoints_total", $0) ?? 0) >= 2 }
        #expect(sample("ixp_store_disk_full", healthy) == 0)
        let before = Date().timeIntervalSince1970

        // Fill the file system to the last byte.
        let filler = filesystem.directory.appendingPathComponent("filler")
        _ = try await Subprocess.run("dd", ["if=/dev/zero", "of=\(filler.path)", "bs=64k"], timeout: 30)
        let full = try await agent.waitForMetrics(seconds: 30) { sample("ixp_store_disk_full", $0) == 1 }
        #expect((sample("ixp_store_checkpoint_failures_total", full) ?? 0) >= 1)
        #expect(agent.log.contains("checkpoint failed"), "\(agent.log.suffix(1500))")
        #expect(agent.log.lowercased().contains("space"), "the error should say the disk is full: \(agent.log.suffix(1500))")
        // Still polling and serving while full.
        let appended = sample("ixp_store_samples_appended_total", full) ?? 0
        let stillServing = try await agent.waitForMetrics(seconds: 30) {
            (sample("ixp_store_samples_appended_total", $0) ?? 0) > appended
        }
        #expect(stillServing.contains("ixp_snmp_poll_success{switch=\"sw1\"} 1"))
        #expect(agent.isRunning)

        // Space returns: checkpoints succeed again.
        try FileManager.default.removeItem(at: filler)
        let failures = sample("ixp_store_checkpoint_failures_total", full) ?? 0
        let recovered = try await agent.waitForMetrics(seconds: 30) { sample("ixp_store_disk_full", $0) == 0 }
        let checkpoints = sample("ixp_store_checkpoints_total", recovered) ?? 0
        let later = try await agent.waitForMetrics(seconds: 30) { (sample("ixp_store_checkpoints_total", $0) ?? 0) > checkpoints }
        #expect((sample("ixp_store_checkpoint_failures_total", later) ?? 0) >= failures)

        // The snapshot written after recovery opens, with the history from before the disk filled.
        let path = "/api/v1/query_range?name=ixp_interface_up&switch=sw1&interface=Ethernet1&member_asn=64501"
            + "&start=\(Int(before - 10))&end=\(Int(before))"
        let beforeKill = try agent.get(path)
        try agent.killAndRestart()
        var afterRestart: String?
        for _ in 0..<100 {
            try await Task.sleep(nanoseconds: 100_000_000)
            if let text = try? agent.get(path) { afterRestart = text; break }
        }
        #expect(afterRestart == beforeKill, "history before the disk filled: \(beforeKill) then \(afterRestart ?? "no answer"); log \(agent.log.suffix(1500))")
        #expect(!agent.log.contains("Fatal error"))
    }

    @Test("a read-only state directory at start: exit 2 naming the directory",
          .enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func readOnlyStateDirectory() async throws {
        let filesystem = try TinyFilesystem(size: "1m", readOnly: true)
        defer { filesystem.unmount() }
        let agent = try AgentUnderTest("""
            state_directory: \(filesystem.directory.path)
            """)
        defer { agent.stop() }
        var status: Int32?
        for _ in 0..<300 {
            status = agent.process.exitStatus
            if status != nil { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        #expect(status == 2, "exit status \(String(describing: status)); log: \(agent.log.suffix(1500))")
        #expect(agent.log.contains(filesystem.directory.path), "\(agent.log.suffix(1500))")
        #expect(agent.log.lowercased().contains("read-only"), "the message should say why: \(agent.log.suffix(1500))")
        #expect(!agent.log.contains("Fatal error"))
    }
}
