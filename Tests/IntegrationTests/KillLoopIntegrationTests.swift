import ProcessTestSupport
import Foundation
import Testing
import IXPCore

/// The agent killed with SIGKILL at random moments, again and again, while it polls a switch
/// (snmpsim), checkpoints every second and sends alert mail to a real SMTP server. After the
/// loop: the store opens, every value that a run had before its last checkpoint is still there
/// with the same value, `state.sqlite` passes `PRAGMA integrity_check`, every mail the outbox
/// marked delivered arrived, and a second copy arrived only where a kill fell while mail was in
/// flight (Message-IDs in the maildir).
///
/// `FAULTS_KILL_LOOP=N` sets the number of kills (default 6, the short form CI runs;
/// docs/reliability.md gives the long form). `FAULTS_SEED` repeats a run's kill moments.
@Suite("SIGKILL loop")
struct KillLoopIntegrationTests {
    struct Range: Decodable {
        var start: Double
        var step: Double
        var values: [Double?]
    }

    /// A gauge written at every poll (a rate would have no value at a run's first poll).
    static let series = "name=ixp_interface_up&switch=sw1&interface=Ethernet1&member_asn=64501"

    static func range(_ agent: AgentUnderTest, start: Double, end: Double) throws -> Range {
        try JSONDecoder().decode(Range.self, from: Data(try agent.get(
            "/api/v1/query_range?\(series)&start=\(Int(start))&end=\(Int(end))").utf8))
    }

    static func integrityCheck(_ database: URL) throws -> String {
        let result = try Subprocess.run("python3", ["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(db.execute("PRAGMA integrity_check").fetchone()[0])
            """, database.path])
        return result.succeeded ? result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : "python3: \(result.stderr)"
    }

    @Test("SIGKILL at random moments: history up to each checkpoint kept, state.sqlite intact, no mail lost")
    func killLoop() async throws {
        let kills = Int(ProcessInfo.processInfo.environment["FAULTS_KILL_LOOP"] ?? "") ?? 6
        let seed = UInt64(ProcessInfo.processInfo.environment["FAULTS_SEED"] ?? "") ?? UInt64(Date().timeIntervalSince1970 * 1000)
        var random = SplitMix64(seed: seed)

        let scratch = try AlertEmailIntegrationTests.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let recordings = scratch.appendingPathComponent("recordings")
        try FileManager.default.createDirectory(at: recordings, withIntermediateDirectories: true)
        try ShardIntegrationTests.recording(switchNumber: 1, ports: 1)
            .write(to: recordings.appendingPathComponent("sw1.snmprec"), atomically: true, encoding: .utf8)
        let simulator = try await SNMPSimulator.start(recordings: recordings)
        defer { simulator.stop() }
        // A slow server (0.2 s before every reply): a session takes a second or two, and the
        // firing finding is mailed again every 10 s to three receivers, so that kills land
        // during deliveries, and during the QUIT after a message was accepted.
        let server = try await SMTPTestServer.start(["--tls", "none", "--delay", "0.2"])
        defer { server.finish() }
        let state = scratch.appendingPathComponent("state")
        let recipients = ["noc@example.net", "ops@example.net", "peering@example.net"]
        let agent = try AgentUnderTest("""
            state_directory: \(state.path)
            checkpoint_interval: 1s
            raw_retention: 1h
            snmp: {interval: 1s, timeout: 1s, retries: 1}
            switches:
              - {name: sw1, address: 127.0.0.1, port: \(simulator.port), community: sw1}
            members:
              source: \(state.path)/does-not-exist.json
            detection:
              interval: 10s
            alerting:
              smtp: {host: 127.0.0.1, port: \(server.port), tls: none, from: "IXP Health <ixp-health@example.net>"}
              group_wait: 1s
              group_interval: 2s
              repeat_interval: 10s
              retry: {initial_delay: 1s, max_delay: 2s}
              receivers:
                - {name: r0, to: [\(recipients[0])]}
                - {name: r1, to: [\(recipients[1])]}
                - {name: r2, to: [\(recipients[2])]}
              routes:
                - {receiver: r0, continue: true}
                - {receiver: r1, continue: true}
                - {receiver: r2, continue: true}
            """)
        defer { agent.stop() }
        let started = Date().timeIntervalSince1970 - 2
        var killedDuringMail = 0
        let context = "seed \(seed) (FAULTS_SEED=\(seed) repeats the kill moments), \(kills) kills"

        // What each run had persisted before it was killed: bucket time → value, for every
        // bucket that ends a poll's length before the run's last checkpoint.
        var persisted: [Double: Double] = [:]
        var checkpointsSeen = 0
        var damaged: [String] = []
        for kill in 0..<kills {
            // Up and answering, then a random moment 0.2–7 s later (the detector's first
            // evaluation, which queues the mail, comes 5 s after the start).
            _ = try await agent.waitForMetrics(seconds: 30) { $0.contains("ixp_store_checkpoints_total") }
            try await Task.sleep(nanoseconds: UInt64(Double.random(in: 0.2...7.0, using: &random) * 1e9))
            if let text = try? agent.metrics(),
               let checkpoint = AlertEmailIntegrationTests.sample("ixp_store_last_checkpoint_timestamp_seconds", in: text),
               checkpoint > 0, let range = try? Self.range(agent, start: started, end: Date().timeIntervalSince1970)
            {
                checkpointsSeen += 1
                for (i, value) in range.values.enumerated() {
                    let bucket = range.start + Double(i) * range.step
                    // A poll's sample is stamped when the poll starts and stored when it ends.
                    if let value, bucket + range.step + 2 <= checkpoint { persisted[bucket] = value }
                }
            }
            if let rows = try? SMTPFaultIntegrationTests.outbox(state), rows.contains(where: { $0.state == "pending" }) {
                killedDuringMail += 1
            }
            try agent.killAndRestart {
                let database = state.appendingPathComponent("state.sqlite")
                guard FileManager.default.fileExists(atPath: database.path) else { return }
                let verdict = try Self.integrityCheck(database)
                if verdict != "ok" { damaged.append("kill \(kill + 1): \(verdict)") }
            }
        }
        #expect(damaged.isEmpty, "state.sqlite after a kill: \(damaged); \(context)")
        #expect(checkpointsSeen >= kills / 2, "few runs lived to a checkpoint: \(checkpointsSeen) of \(kills); \(context)")

        // The state database as the last SIGKILL left it.
        try await Task.sleep(nanoseconds: 300_000_000)
        let restarted = try await agent.waitForMetrics(seconds: 60) { $0.contains("ixp_store_series ") }
        #expect(restarted.contains("ixp_store_series "), "the store did not open after the last kill; \(context)")

        // History: every value a run had before its last checkpoint, unchanged.
        let end = Date().timeIntervalSince1970
        let final = try Self.range(agent, start: started, end: end)
        var lost: [String] = []
        var changed: [String] = []
        for (bucket, value) in persisted.sorted(by: { $0.key < $1.key }) {
            let index = Int(((bucket - final.start) / final.step).rounded())
            guard final.values.indices.contains(index), let now = final.values[index] else {
                lost.append(String(format: "%.0f", bucket))
                continue
            }
            if now != value { changed.append(String(format: "%.0f: %g → %g", bucket, value, now)) }
        }
        #expect(persisted.count >= kills / 2, "too little history to check: \(persisted.count) values; \(context)")
        #expect(lost.isEmpty, "\(lost.count) of \(persisted.count) checkpointed values lost: \(lost.prefix(20)); \(context)")
        #expect(changed.isEmpty, "checkpointed values changed: \(changed.prefix(20)); \(context)")

        // Mail: the last run sends at least the first round, then stops cleanly; then every
        // Message-ID the outbox marked delivered arrived exactly once, and nothing else did.
        // (The agent publishes its mail metrics after each delivery round, which may be long
        // when kills have left a backlog for the slow server.)
        _ = try await agent.waitForMetrics(seconds: 180) { text in
            (AlertEmailIntegrationTests.sample("ixp_alert_emails_sent_total", in: text) ?? 0) >= Double(recipients.count)
        }
        let status = try await agent.signalAndWait(SIGTERM, atMost: 30)
        #expect(status == 0, "exit status \(String(describing: status)) after SIGTERM; \(context)")
        let outbox = try SMTPFaultIntegrationTests.outbox(state)
        let received = try server.messages().map(\.message_id)
        // SMTP itself allows a duplicate: the server stores a message before its 250 reaches
        // the client, and a client killed in between sends it again after the restart (the
        // test server waits 0.2 s before every reply, so the window is that wide here). Each
        // extra copy must be explained by a kill while mail was in flight; nothing is lost.
        let copies = Dictionary(grouping: received, by: { $0 }).mapValues(\.count)
        let extra = copies.values.reduce(0) { $0 + $1 - 1 }
        #expect(extra <= killedDuringMail,
                "\(extra) extra copies, \(killedDuringMail) kills with mail in flight: \(copies.filter { $0.value > 1 }); \(context)")
        let delivered = Set(outbox.filter { $0.state == "delivered" }.map { "<\($0.messageID)>" })
        let queued = Set(outbox.map { "<\($0.messageID)>" })
        #expect(delivered.isSubset(of: Set(received)), "lost: \(delivered.subtracting(received).sorted()); \(context)")
        #expect(Set(received).isSubset(of: queued), "received but never queued: \(Set(received).subtracting(queued)); \(context)")
        #expect(Set(received).subtracting(delivered).count <= killedDuringMail,
                "received but not marked delivered: \(Set(received).subtracting(delivered).sorted()); \(context)")
        #expect(delivered.count >= recipients.count, "\(outbox); \(context)")
        #expect(outbox.allSatisfy { $0.state != "failed" }, "\(outbox); \(context)")
        print("kill loop: \(kills) kills, \(killedDuringMail) with mail queued or in flight, \(persisted.count) checkpointed values "
              + "checked, \(received.count) mails received (\(extra) extra copies), \(outbox.count - delivered.count) still queued at the stop; \(context)")

        // The database checked on disk after the clean stop.
        #expect(try Self.integrityCheck(state.appendingPathComponent("state.sqlite")) == "ok", "\(context)")
        #expect(!agent.log.contains("Fatal error"), "\(agent.log.suffix(2000))")
    }
}
