import Foundation
import ProcessTestSupport
import Testing

/// The running agent with real plugin scripts: one that works, one that hangs (with a child
/// of its own), one that never stops printing, one that fails, and a textfile directory. The
/// agent's /metrics keeps answering, the good plugin's and the textfile's metrics are
/// exported, and each bad plugin shows `ixp_probe_success{kind="exec",name=…} 0`.
@Suite("agent with exec and textfile plugins")
struct AgentPluginsIntegrationTests {
    @Test func hungChattyAndFailingPluginsDoNotStallTheAgent() async throws {
        let folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-plugins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("textfile"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func script(_ name: String, _ body: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try ExecutableFile.write("#!/bin/sh\n\(body)\n", to: url.path)
            return url.path
        }
        let good = try script("good.sh", "echo '# HELP plugin_good_value A value.'\necho '# TYPE plugin_good_value gauge'\necho \"plugin_good_value{arg=\\\"$1\\\"} 42\"")
        let hung = try script("hung.sh", "sleep 1000 &\necho $! >> \(folder.path)/hung-child.pid\nwait")
        let chatty = try script("chatty.sh", "exec yes 'chatty_value 1'")
        let failing = try script("failing.sh", "echo 'no battery' >&2\nexit 2")
        try "# TYPE cron_last_run_timestamp_seconds gauge\ncron_last_run_timestamp_seconds{job=\"backup\"} 1700000000\n"
            .write(to: folder.appendingPathComponent("textfile/cron.prom"), atomically: true, encoding: .utf8)

        let agent = try AgentUnderTest("""
            exec:
              - {name: good, command: [\(good), --prom], interval: 2s, timeout: 1s}
              - {name: hung, command: [\(hung)], interval: 2s, timeout: 1s}
              - {name: chatty, command: [\(chatty)], interval: 2s, timeout: 2s, max_bytes: 65536}
              - {name: failing, command: [\(failing)], interval: 2s, timeout: 1s}
            textfile: {directory: \(folder.path)/textfile, interval: 1s}
            """)
        defer { agent.stop() }
        let check = try await IXPHealthBinary.run(["check-config", agent.config.path])
        #expect(check.status == 0, "\(check.stderr)")

        let metrics = try await agent.waitForMetrics(seconds: 30) { text in
            ["good", "hung", "chatty", "failing"].allSatisfy { text.contains("ixp_probe_success{kind=\"exec\",name=\"\($0)\"}") }
                && text.contains("ixp_probe_success{kind=\"exec\",name=\"hung\"} 0")
                && text.contains("ixp_probe_success{kind=\"exec\",name=\"chatty\"} 0")
                && text.contains("ixp_probe_success{kind=\"exec\",name=\"failing\"} 0")
                && text.contains("ixp_probe_success{kind=\"exec\",name=\"good\"} 1")
        }
        #expect(metrics.contains("plugin_good_value{arg=\"--prom\"} 42\n"))
        #expect(metrics.contains("# HELP plugin_good_value A value.\n"))
        #expect(metrics.contains("cron_last_run_timestamp_seconds{job=\"backup\"} 1700000000\n"))
        #expect(metrics.contains("ixp_textfile_scrape_error 0\n"))
        #expect(metrics.contains("ixp_textfile_mtime_seconds{file=\"cron.prom\"}"))
        #expect(!metrics.contains("chatty_value"), "a plugin cut off at its limit exports nothing")
        let scrape = agent.scratch.appendingPathComponent("scrape.txt")
        try metrics.write(to: scrape, atomically: true, encoding: .utf8)
        let lint = try await Subprocess.run("sh", ["-c", "promtool check metrics < '\(scrape.path)'"])
        #expect(lint.status == 0, "promtool: \(lint.stdout)\(lint.stderr)")

        // While the hung plugin runs into its timeout again and again, /metrics answers every time.
        for _ in 0..<20 {
            let text = try agent.metrics()
            #expect(text.contains("ixp_probe_success{kind=\"exec\",name=\"good\"} 1"))
            try await Task.sleep(nanoseconds: 150_000_000)
        }
        #expect(agent.isRunning)
        let log = agent.log
        #expect(log.contains("timed out after 1 s"), "the hung plugin's error is logged")
        #expect(log.contains("more than 65536 bytes"), "the chatty plugin's error is logged")
        #expect(log.contains("exited with status 2: no battery"), "the failing plugin's error is logged")

        // The children of the hung plugin's finished runs were killed with it (the last run
        // may still be going).
        let pidText = try String(contentsOf: folder.appendingPathComponent("hung-child.pid"), encoding: .utf8)
        let children = pidText.split(separator: "\n").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }.dropLast()
        #expect(!children.isEmpty)
        var gone = true
        for child in children {
            var childGone = false
            for _ in 0..<100 {
                let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)
                if stat == nil || stat?.contains(") Z ") == true { childGone = true; break }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            gone = gone && childGone
        }
        #expect(gone, "a timed-out plugin's process group is killed")
    }
}
