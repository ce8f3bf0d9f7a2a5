import ExecProbe
import ProbeKit
import ProbeKitTesting
import Testing
import IXPCore

@Suite("Exec and textfile configuration")
struct ExecConfigurationTests {
    static let kinds: [any ProbeKind] = [SingleSectionProbeKind<ExecSettings>(), SingleSectionProbeKind<TextfileSettings>()]

    static func settings(_ yaml: String) throws(ConfigurationError) -> [any ProbeSettings] {
        try probeSettings(yaml: yaml, kinds: kinds)
    }

    @Test func theIssuesExampleParses() throws {
        let all = try Self.settings("""
            exec:
              - {name: ups, command: [/usr/local/bin/ups-status, --prom], interval: 60s, timeout: 10s}
            textfile: {directory: /var/lib/ixp-health/textfile}
            """)
        let exec = try #require(all.first as? ExecSettings)
        #expect(exec.commands.map(\.name) == ["ups"])
        #expect(exec.commands[0].command == ["/usr/local/bin/ups-status", "--prom"])
        #expect(exec.commands[0].interval == 60)
        #expect(exec.commands[0].timeout == 10)
        #expect(exec.intervals == [60])
        let textfile = try #require(all.last as? TextfileSettings)
        #expect(textfile.directory == "/var/lib/ixp-health/textfile")
    }

    @Test(arguments: [
        ("exec:\n  - {name: a, command: /bin/true}\n", 2, "expected a list"),
        ("exec:\n  - {name: a, command: [/bin/true]}\n  - {name: a, command: [/bin/false]}\n", 3, "already named 'a'"),
        ("exec:\n  - {name: a, command: [/bin/true], timeout: 2m, interval: 1m}\n", 2, "longer than the interval"),
        ("exec:\n  - {name: a, comand: [/bin/true]}\n", 2, "unknown key 'comand'"),
        ("exec:\n  - {name: a, command: []}\n", 2, "empty"),
        ("exec:\n  - {command: [/bin/true]}\n", 2, "needs a 'name'"),
        ("textfile: {dir: /tmp}\n", 1, "unknown key 'dir'"),
        ("textfile: {}\n", 1, "needs the 'directory'"),
    ])
    func mistakesNameTheirLine(yaml: String, line: Int, words: String) {
        expectConfigurationError(yaml: yaml, kinds: Self.kinds, line: line, contains: words)
    }
}
