import ProcessTestSupport
import Foundation
import Testing

/// Alert email end to end, against a real SMTP server (aiosmtpd) the test starts: the running
/// agent's finding arrives as mail; a mail queued when the agent is killed goes out once after
/// the restart with the same Message-ID; `notify-test` shows each SMTP step.
///
/// The finding comes fast without any switch: a `members:` source that does not exist makes
/// `member_list_unavailable` fire at the detector's first evaluation.
@Suite("alert email end to end")
struct AlertEmailIntegrationTests {
    /// The agent's configuration (without `http:`): a missing member list, the detector every
    /// 10 s, alerting to `smtpPort` in plaintext, group_wait 1 s, quick retries.
    static func agentYAML(state: URL, smtpPort: Int) -> String {
        """
        state_directory: \(state.path)
        members:
          source: \(state.path)/does-not-exist.json
        detection:
          interval: 10s
        alerting:
          external_url: http://ixp-health.example.net:9470
          smtp: {host: 127.0.0.1, port: \(smtpPort), tls: none, from: "IXP Health <ixp-health@example.net>"}
          group_wait: 1s
          retry: {initial_delay: 1s, max_delay: 2s}
          receivers:
            - {name: noc, to: [noc@example.net]}
          routes:
            - {receiver: noc}
        """
    }

    static func scratch() throws -> URL {
        let url = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-alert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Waits (up to `seconds`) until the server holds `count` messages, and returns them.
    static func waitForMail(_ server: SMTPTestServer, count: Int, seconds: Double = 40, log: () -> String) async throws -> [ParsedMail] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let messages = try server.messages()
            if messages.count >= count { return messages }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        throw HarnessError("no mail in \(seconds) s; agent log: \(log().suffix(2000))")
    }

    /// The value of a metric sample line, `name value`, in a scrape.
    static func sample(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test("a firing finding arrives as one readable mail: subject, text and HTML parts, Message-ID")
    func findingArrivesAsMail() async throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let server = try await SMTPTestServer.start(["--tls", "none"])
        defer { server.finish() }
        let agent = try AgentUnderTest(Self.agentYAML(state: scratch.appendingPathComponent("state"), smtpPort: server.port))
        defer { agent.stop() }

        let messages = try await Self.waitForMail(server, count: 1) { agent.log }
        let mail = try #require(messages.first)
        #expect(mail.subject.contains("member_list_unavailable"), "\(mail.subject)")
        #expect(mail.subject.uppercased().contains("WARNING"), "\(mail.subject)")
        #expect(mail.from_display_name == "IXP Health")
        #expect(mail.to == ["noc@example.net"])
        #expect(mail.message_id.hasPrefix("<") && mail.message_id.hasSuffix("@example.net>"), "\(mail.message_id)")
        #expect(mail.defects.isEmpty)
        let text = try #require(mail.content("text/plain"))
        let html = try #require(mail.content("text/html"))
        #expect(text.contains("does-not-exist.json"), "\(text)")
        #expect(text.contains("http://ixp-health.example.net:9470"), "the link to the agent: \(text)")
        #expect(html.contains("<html") && html.contains("member_list_unavailable"))
        #expect(mail.parts.allSatisfy { $0.defects.isEmpty })

        let metrics = try await agent.waitForMetrics { Self.sample("ixp_alert_emails_sent_total", in: $0) == 1 }
        #expect(Self.sample("ixp_alert_outbox_messages", in: metrics) == 0)
        #expect(Self.sample("ixp_alert_outbox_oldest_age_seconds", in: metrics) == 0)
    }

    @Test("killed with the mail queued, the agent sends it once after the restart, with the same Message-ID")
    func killedBetweenQueueingAndDelivery() async throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Nothing listens on the port yet: the mail is queued and its delivery fails.
        let port = try FreePort.tcp()
        let state = scratch.appendingPathComponent("state")
        let agent = try AgentUnderTest(Self.agentYAML(state: state, smtpPort: port))
        defer { agent.stop() }
        let queued = try await agent.waitForMetrics(seconds: 40) { text in
            Self.sample("ixp_alert_outbox_messages", in: text) == 1
                && text.contains("ixp_alert_emails_failed_total{reason=\"connection\"}")
        }
        #expect(Self.sample("ixp_alert_emails_sent_total", in: queued) == 0)
        let database = state.appendingPathComponent("state.sqlite").path
        let query = try await Subprocess.run("python3", ["-c", """
            import sqlite3, sys
            db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
            print("\\n".join(r[0] for r in db.execute("SELECT message_id FROM alerting_outbox WHERE state = 'pending'")))
            """, database])
        #expect(query.succeeded, "\(query.stderr)")
        let queuedIDs = query.stdout.split(separator: "\n").map(String.init)
        #expect(queuedIDs.count == 1, "\(queuedIDs)")
        let queuedID = try #require(queuedIDs.first)

        try agent.killAndRestart()
        let server = try await SMTPTestServer.start(["--tls", "none"], port: port)
        defer { server.finish() }
        let messages = try await Self.waitForMail(server, count: 1) { agent.log }
        #expect(messages.first?.message_id == "<\(queuedID)>")
        let metrics = try await agent.waitForMetrics(seconds: 30) { text in
            Self.sample("ixp_alert_emails_sent_total", in: text) == 1 && Self.sample("ixp_alert_outbox_messages", in: text) == 0
        }
        #expect(Self.sample("ixp_alert_outbox_oldest_age_seconds", in: metrics) == 0)
        // The restarted agent restored its notification log: the finding still fires, so after
        // its next evaluation nothing more is queued.
        // Two evaluations: a pipeline that had forgotten the group would have queued a new mail
        // one group_wait (1 s) after the first, long before the second (10 s later).
        let first = try await agent.waitForMetrics(seconds: 30) { text in
            Self.sample("ixp_detection_last_evaluation_timestamp_seconds", in: text) != nil
        }
        let firstTime = Self.sample("ixp_detection_last_evaluation_timestamp_seconds", in: first) ?? 0
        let after = try await agent.waitForMetrics(seconds: 30) { text in
            (Self.sample("ixp_detection_last_evaluation_timestamp_seconds", in: text) ?? 0) > firstTime
        }
        #expect(Self.sample("ixp_alert_outbox_messages", in: after) == 0)
        #expect(Self.sample("ixp_alert_emails_sent_total", in: after) == 1)
        #expect(try server.messages().count == 1, "delivered exactly once")
    }

    @Test("notify-test prints each SMTP step; STARTTLS with AUTH delivers; a server without STARTTLS is refused")
    func notifyTest() async throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let certificate = try TestCertificate.shared()
        let secure = try await SMTPTestServer.start(["--tls", "starttls", "--auth", "alerts:s3cret pass"])
        defer { secure.finish() }
        let plain = try await SMTPTestServer.start(["--tls", "none"])
        defer { plain.finish() }

        func config(_ name: String, _ smtp: String) throws -> String {
            let file = scratch.appendingPathComponent(name).path
            try """
                alerting:
                  smtp: \(smtp)
                  receivers:
                    - {name: noc, to: [noc@example.net]}
                """.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }

        // STARTTLS with a test CA and AUTH: every step shown, delivered, the password never printed.
        let good = try config("good.yaml", """
            {host: 127.0.0.1, port: \(secure.port), tls: starttls, from: ixp-health@example.net, user: alerts, \
            password_env: IXP_TEST_SMTP_PASSWORD, ca_file: \(certificate.cert)}
            """)
        let delivered = try await IXPHealthBinary.run(["notify-test", "--config", good, "--to", "ops@example.net"],
                                                environment: ["IXP_TEST_SMTP_PASSWORD": "s3cret pass"], timeout: 60)
        #expect(delivered.status == 0, "\(delivered.stdout)\(delivered.stderr)")
        for step in ["CONNECT", "EHLO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA"] {
            #expect(delivered.stdout.contains("\n  \(step) "), "\(step) missing:\n\(delivered.stdout)")
        }
        #expect(delivered.stdout.contains("→ 250"), "\(delivered.stdout)")
        #expect(!delivered.stdout.contains("s3cret"))
        let received = try secure.messages()
        #expect(received.count == 1)
        #expect(received.first?.to == ["ops@example.net"])

        // STARTTLS required (the default), the server does not offer it: exit 1, clearly said.
        let required = try config("required.yaml", "{host: 127.0.0.1, port: \(plain.port), from: ixp-health@example.net}")
        let refused = try await IXPHealthBinary.run(["notify-test", "--config", required], timeout: 60)
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("does not offer STARTTLS"), "\(refused.stdout)")
        #expect(!refused.stdout.contains("MAIL FROM"), "nothing is sent in plaintext: \(refused.stdout)")
        #expect(try plain.messages().isEmpty)

        // A bad configuration: exit 2.
        let bad = try config("bad.yaml", "{host: 127.0.0.1, port: \(plain.port), from: x@example.net, password: hunter2}")
        let badResult = try await IXPHealthBinary.run(["notify-test", "--config", bad], timeout: 60)
        #expect(badResult.status == 2)
        #expect(badResult.stderr.contains("bad.yaml:") && badResult.stderr.contains("password_env"), "\(badResult.stderr)")
    }

    @Test("silences through the API and the command line")
    func silences() async throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let port = try FreePort.tcp()
        let agent = try AgentUnderTest(Self.agentYAML(state: scratch.appendingPathComponent("state"), smtpPort: port))
        defer { agent.stop() }
        _ = try await agent.waitForMetrics { $0.contains("ixp_alert_outbox_messages") }
        let base = "http://127.0.0.1:\(agent.port)"

        let added = try await IXPHealthBinary.run(["silence", "add", "rule=port_down", "subject=sw1 *", "--duration", "2h",
                                             "--comment", "maintenance", "--agent", base])
        #expect(added.status == 0, "\(added.stdout)\(added.stderr)")
        let id = try #require(added.stdout.split(separator: " ").dropFirst().first.map(String.init))
        let listed = try await IXPHealthBinary.run(["silence", "list", "--agent", base])
        #expect(listed.status == 0 && listed.stdout.contains(id) && listed.stdout.contains("subject=sw1 *"), "\(listed.stdout)")
        let expired = try await IXPHealthBinary.run(["silence", "expire", id, "--agent", base])
        #expect(expired.status == 0, "\(expired.stderr)")
        let after = try await IXPHealthBinary.run(["silence", "list", "--agent", base])
        #expect(!after.stdout.contains(id), "\(after.stdout)")
        let all = try await IXPHealthBinary.run(["silence", "list", "--all", "--format", "json", "--agent", base])
        #expect(all.stdout.contains("\"state\":\"expired\""), "\(all.stdout)")

        // Bad requests: JSON errors with the right status.
        let missing = try await Subprocess.run("curl", ["-sS", "-X", "DELETE", "-w", "\n%{http_code}", "\(base)/api/v1/silences/nope"])
        #expect(missing.stdout.hasSuffix("404") && missing.stdout.contains("\"error\""), "\(missing.stdout)")
        let invalid = try await Subprocess.run("curl", ["-sS", "-X", "POST", "-d", "{\"matchers\": [], \"duration\": \"1h\"}",
                                                  "-w", "\n%{http_code}", "\(base)/api/v1/silences"])
        #expect(invalid.stdout.hasSuffix("400") && invalid.stdout.contains("at least one matcher"), "\(invalid.stdout)")
        let huge = String(repeating: "x", count: 40_000)
        let tooLarge = try await Subprocess.run("curl", ["-sS", "-X", "POST", "-d", "{\"comment\": \"\(huge)\"}",
                                                   "-w", "\n%{http_code}", "\(base)/api/v1/silences"])
        #expect(tooLarge.stdout.hasSuffix("413"), "\(tooLarge.stdout.suffix(200))")
        let refused = try await IXPHealthBinary.run(["silence", "add", "rule=port_down", "--duration=-5m", "--agent", base])
        #expect(refused.status == 1 && refused.stderr.contains("duration"), "\(refused.stderr)")
    }
}
