import ExecProbe
import Foundation
import IXPCore
import ProbeKit
import Testing

@Suite("Exec probe")
struct ExecProbeTests {
    static func command(_ name: String, _ path: String, timeout: Double = 5, maxBytes: Int = 1 << 20) -> ExecSettings.Command {
        var settings = ExecSettings.Command(name: name, command: [path])
        settings.timeout = timeout
        settings.maxBytes = maxBytes
        return settings
    }

    @Test func aGoodPluginsMetricsAreExportedAsTheyAre() async throws {
        let scripts = try PluginScripts()
        defer { scripts.remove() }
        let path = try scripts.script("ups.sh", """
            echo '# HELP ups_load_ratio Load.'
            echo '# TYPE ups_load_ratio gauge'
            echo "ups_load_ratio{arg=\\"$1\\"} 0.25"
            """)
        var command = Self.command("ups", path)
        command.command.append("--prom")
        let output = try await ExecProbe(command: command, claims: PluginFamilyClaims()).collect(at: 0)
        #expect(output.metrics.count == 1)
        #expect(output.metrics.first?.name == "ups_load_ratio")
        #expect(output.metrics.first?.samples.first?.value == 0.25)
        #expect(output.metrics.first?.samples.first?.labels.first?.value == "--prom", "arguments are passed without a shell")
    }

    @Test func aPluginGetsNoSecretsFromTheAgentsEnvironment() async throws {
        setenv("IXP_HEALTH_TEST_SECRET", "hunter2", 1)
        defer { unsetenv("IXP_HEALTH_TEST_SECRET") }
        let scripts = try PluginScripts()
        defer { scripts.remove() }
        let path = try scripts.script("env.sh", "echo \"secret_seen $(env | grep -c IXP_HEALTH_TEST_SECRET)\"\necho \"path_set $(test -n \"$PATH\" && echo 1 || echo 0)\"")
        let output = try await ExecProbe(command: Self.command("env", path), claims: PluginFamilyClaims()).collect(at: 0)
        #expect(output.metrics.first { $0.name == "secret_seen" }?.samples.first?.value == 0)
        #expect(output.metrics.first { $0.name == "path_set" }?.samples.first?.value == 1)
    }

    @Test func aHungPluginIsKilledWithItsChildren() async throws {
        let scripts = try PluginScripts()
        defer { scripts.remove() }
        let pidFile = scripts.path("child.pid")
        let path = try scripts.script("hung.sh", "sleep 1000 &\necho $! > \(pidFile)\nwait")
        let probe = ExecProbe(command: Self.command("hung", path, timeout: 0.5), claims: PluginFamilyClaims())
        await #expect(throws: ProbeError.self) { try await probe.collect(at: 0) }
        do {
            _ = try await probe.collect(at: 0)
        } catch {
            #expect("\(error)".contains("timed out"))
        }
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let child = try #require(Int32(text))
        #expect(await PluginScripts.isGone(child), "the plugin's own child must be killed with it")
    }

    @Test func aChattyPluginIsCutOffAtItsLimit() async throws {
        let scripts = try PluginScripts()
        defer { scripts.remove() }
        let path = try scripts.script("chatty.sh", "exec yes 'chatty_metric 1'")
        let probe = ExecProbe(command: Self.command("chatty", path, timeout: 30, maxBytes: 100_000), claims: PluginFamilyClaims())
        do {
            _ = try await probe.collect(at: 0)
            Issue.record("a plugin that never stops printing must fail")
        } catch {
            #expect("\(error)".contains("more than 100000 bytes"))
        }
    }

    @Test func aFailingPluginReportsItsStatusAndStandardError() async throws {
        let scripts = try PluginScripts()
        defer { scripts.remove() }
        let path = try scripts.script("fail.sh", "echo 'metric 1'\necho 'the UPS does not answer' >&2\nexit 3")
        do {
            _ = try await ExecProbe(command: Self.command("fail", path), claims: PluginFamilyClaims()).collect(at: 0)
            Issue.record("a non-zero exit must fail")
        } catch {
            #expect("\(error)".contains("exited with status 3"))
            #expect("\(error)".contains("the UPS does not answer"))
        }
    }

    @Test func garbageMissingProgramsAndClashesFail() async throws {
        let scripts = try PluginScripts()
        defer { scripts.remove() }
        let garbage = try scripts.script("garbage.sh", "echo 'fine 1'\necho 'this is not prometheus text'")
        await #expect(throws: ProbeError.self) {
            try await ExecProbe(command: Self.command("garbage", garbage), claims: PluginFamilyClaims()).collect(at: 0)
        }
        do {
            _ = try await ExecProbe(command: Self.command("missing", scripts.path("nope")), claims: PluginFamilyClaims()).collect(at: 0)
            Issue.record("a missing program must fail")
        } catch {
            #expect("\(error)".contains("could not be started"))
        }
        let claims = PluginFamilyClaims()
        let one = try scripts.script("one.sh", "echo 'shared_metric 1'")
        let two = try scripts.script("two.sh", "echo 'shared_metric 2'")
        _ = try await ExecProbe(command: Self.command("one", one), claims: claims).collect(at: 0)
        do {
            _ = try await ExecProbe(command: Self.command("two", two), claims: claims).collect(at: 0)
            Issue.record("two plugins must not export the same family")
        } catch {
            #expect("\(error)".contains("already exported by exec/one"))
        }
    }
}
