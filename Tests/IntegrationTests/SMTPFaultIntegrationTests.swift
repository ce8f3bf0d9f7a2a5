import ProcessTestSupport
import Foundation
import Testing

/// Alert mail when the mail server misbehaves, against a real aiosmtpd whose answer to the end
/// of DATA a control file switches (`ok`, `4xx`, `5xx`): a server that is down and then
/// defers (4xx) gets each queued mail exactly once when it recovers; a 5xx fails a mail for
/// good; a mail that is only ever deferred is given up after `retry.max_age`. Every queued
/// mail ends delivered or failed in the outbox: none is lost.
@Suite("SMTP faults")
struct SMTPFaultIntegrationTests {
    /// One outbox row: Message-ID, state, failure reason.
    struct Row: Equatable {
        var messageID: String
        var state: String
        var reason: String
    }

    /// Three receivers, each routed (`continue`) so that one finding makes three mails with
    /// three Message-IDs.
    static func agentYAML(state: URL, smtpPort: Int, receivers: [String], maxAge: String = "2d") -> String {
        let names = receivers.indices.map { "r\($0)" }
        let receiverLines = zip(names, receivers).map { "    - {name: \($0), to: [\($1)]}" }.joined(separator: "\n")
        let routeLines = names.map { "    - {receiver: \($0), continue: true}" }.joined(separator: "\n")
        return """
            state_directory: \(state.path)
            members:
              source: \(state.path)/does-not-exist.json
            detection:
              interval: 10s
            alerting:
              smtp: {host: 127.0.0.1, port: \(smtpPort), tls: none, from: "IXP Health <ixp-health@example.net>"}
              group_wait: 1s
              retry: {initial_delay: 1s, max_delay: 2s, max_age: \(maxAge)}
              receivers:
            \(receiverLines)
              routes:
            \(routeLines)
            """
    }

    /// The outbox rows of `state.sqlite`, read with Python's sqlite3 while the agent runs.
    static func outbox(_ state: URL) throws -> [Row] {
        let query = try Subprocess.run("python3", ["-c", """
            import sqlite3, sys
            db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
            for r in db.execute("SELECT message_id, state, COALESCE(failure_reason, '') FROM alerting_outbox ORDER BY id"):
                print("\\t".join(r))
            """, state.appendingPathComponent("state.sqlite").path])
        guard query.succeeded else { throw HarnessError("reading the outbox: \(query.stderr)") }
        return query.stdout.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Row(messageID: fields[0], state: fields.count > 1 ? fields[1] : "", reason: fields.count > 2 ? fields[2] : "")
        }
    }

    /// Waits until `done` holds for the outbox (or `seconds` pass) and returns it.
    static func waitForOutbox(_ state: URL, seconds: Double = 60, log: () -> String, until done: ([Row]) -> Bool) async throws -> [Row] {
        let deadline = Date().addingTimeInterval(seconds)
        var rows: [Row] = []
        while Date() < deadline {
            rows = (try? outbox(state)) ?? []
            if done(rows) { return rows }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        throw HarnessError("the outbox did not reach the expected state in \(seconds) s: \(rows); log: \(log().suffix(1500))")
    }

    static func sample(_ name: String, in text: String) -> Double? {
        AlertEmailIntegrationTests.sample(name, in: text)
    }

    /// Waits for one detection evaluation after the current one (the detector runs every 10 s):
    /// a pipeline that had forgotten a sent group would queue it again then.
    static func waitForNextEvaluation(_ agent: AgentUnderTest) async throws {
        let first = try await agent.waitForMetrics(seconds: 30) {
            sample("ixp_detection_last_evaluation_timestamp_seconds", in: $0) != nil
        }
        let time = sample("ixp_detection_last_evaluation_timestamp_seconds", in: first) ?? 0
        _ = try await agent.waitForMetrics(seconds: 30) {
            (sample("ixp_detection_last_evaluation_timestamp_seconds", in: $0) ?? 0) > time
        }
    }

    @Test("server down, then answering 4xx, then recovered: each mail delivered exactly once")
    func downThenDeferringThenRecovered() async throws {
        let scratch = try AlertEmailIntegrationTests.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let state = scratch.appendingPathComponent("state")
        let control = scratch.appendingPathComponent("smtp-mode")
        try "4xx\n".write(to: control, atomically: true, encoding: .utf8)
        let port = try FreePort.tcp()
        let recipients = ["noc@example.net", "ops@example.net", "peering@example.net"]
        let agent = try AgentUnderTest(Self.agentYAML(state: state, smtpPort: port, receivers: recipients))
        defer { agent.stop() }

        // Down: nothing listens; the three mails are queued and retried.
        _ = try await agent.waitForMetrics(seconds: 40) { text in
            Self.sample("ixp_alert_outbox_messages", in: text) == 3
                && text.contains("ixp_alert_emails_failed_total{reason=\"connection\"}")
        }
        // Up, but every DATA answered 451.
        let server = try await SMTPTestServer.start(["--tls", "none", "--control", control.path], port: port)
        defer { server.finish() }
        let deferred = try await agent.waitForMetrics(seconds: 30) { text in
            text.contains("ixp_alert_emails_failed_total{reason=\"transient\"}")
        }
        #expect(Self.sample("ixp_alert_emails_sent_total", in: deferred) == 0)
        #expect(try server.messages().isEmpty, "a deferred mail was stored")
        // Recovered.
        try "ok\n".write(to: control, atomically: true, encoding: .utf8)
        let messages = try await AlertEmailIntegrationTests.waitForMail(server, count: 3) { agent.log }
        _ = try await agent.waitForMetrics(seconds: 30) { text in
            Self.sample("ixp_alert_outbox_messages", in: text) == 0 && Self.sample("ixp_alert_emails_sent_total", in: text) == 3
        }
        try await Self.waitForNextEvaluation(agent)

        let received = try server.messages().map(\.message_id)
        #expect(received.count == 3, "\(received.count) mails received, \(messages.count) at first: \(received)")
        #expect(Set(received).count == received.count, "a Message-ID arrived twice: \(received)")
        let rows = try Self.outbox(state)
        #expect(Set(rows.map { "<\($0.messageID)>" }) == Set(received), "queued \(rows), received \(received)")
        #expect(rows.allSatisfy { $0.state == "delivered" }, "\(rows)")
        #expect(Set(try server.messages().flatMap(\.to)) == Set(recipients))
    }

    @Test("5xx fails a mail for good; a mail only ever deferred is given up after max_age; none is lost or sent later")
    func rejectedAndExpired() async throws {
        let scratch = try AlertEmailIntegrationTests.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let state = scratch.appendingPathComponent("state")
        let control = scratch.appendingPathComponent("smtp-mode")
        try "5xx\n".write(to: control, atomically: true, encoding: .utf8)
        let server = try await SMTPTestServer.start(["--tls", "none", "--control", control.path])
        defer { server.finish() }
        // noc: 554 at the end of DATA; defer-noc: 450 at RCPT, every time (the test server's
        // rule for local parts starting with "defer").
        let agent = try AgentUnderTest(Self.agentYAML(
            state: state, smtpPort: server.port, receivers: ["noc@example.net", "defer-noc@example.net"], maxAge: "4s"))
        defer { agent.stop() }

        let rows = try await Self.waitForOutbox(state, log: { agent.log }) { rows in
            rows.count == 2 && rows.allSatisfy { $0.state == "failed" }
        }
        #expect(Set(rows.map(\.reason)) == ["permanent", "expired"], "\(rows)")
        let metrics = try await agent.waitForMetrics { text in
            Self.sample("ixp_alert_outbox_messages", in: text) == 0
                && text.contains("ixp_alert_emails_failed_total{reason=\"expired\"}")
                && text.contains("ixp_alert_emails_failed_total{reason=\"permanent\"}")
        }
        #expect(Self.sample("ixp_alert_emails_sent_total", in: metrics) == 0)

        // The server accepts again: a failed mail is not sent later, and the same finding is
        // not queued again (it is in the notification log).
        try "ok\n".write(to: control, atomically: true, encoding: .utf8)
        try await Self.waitForNextEvaluation(agent)
        #expect(try server.messages().isEmpty, "a failed mail went out after all")
        let after = try Self.outbox(state)
        #expect(after == rows, "the outbox changed: \(rows) → \(after)")
    }
}
