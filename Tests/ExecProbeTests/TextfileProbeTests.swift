import ExecProbe
import Foundation
import IXPCore
import ProbeKit
import Testing

@Suite("Textfile probe")
struct TextfileProbeTests {
    @Test func goodFilesAreExportedAndBadOnesLeftOutWithTheErrorMetric() async throws {
        let scripts = try PluginScripts()
        defer { scripts.remove() }
        let folder = scripts.folder.path
        try "# HELP backup_last_success_timestamp_seconds Last backup.\n# TYPE backup_last_success_timestamp_seconds gauge\nbackup_last_success_timestamp_seconds 1700000000\n"
            .write(toFile: folder + "/backup.prom", atomically: true, encoding: .utf8)
        try "cron_runs_total{job=\"a\"} 4\n".write(toFile: folder + "/cron.prom", atomically: true, encoding: .utf8)
        try "not prometheus\n".write(toFile: folder + "/broken.prom", atomically: true, encoding: .utf8)
        try "ixp_probe_success 1\n".write(toFile: folder + "/owned.prom", atomically: true, encoding: .utf8)
        try "cron_runs_total{job=\"a\"} 5\n".write(toFile: folder + "/repeat.prom", atomically: true, encoding: .utf8)
        try "ignored 1\n".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        #expect(mkfifo(folder + "/fifo.prom", 0o644) == 0)

        let probe = TextfileProbe(settings: TextfileSettings(directory: folder), claims: PluginFamilyClaims())
        let output = try await probe.collect(at: 0)
        let names = output.metrics.map(\.name)
        #expect(names.contains("backup_last_success_timestamp_seconds"))
        #expect(names.contains("cron_runs_total"))
        #expect(!names.contains("ignored"))
        #expect(!names.contains("ixp_probe_success"))
        #expect(output.metrics.first { $0.name == "cron_runs_total" }?.samples.map(\.value) == [4], "the earlier file keeps the series")
        #expect(output.metrics.first { $0.name == "ixp_textfile_scrape_error" }?.samples.map(\.value) == [1])
        let mtimes = output.metrics.first { $0.name == "ixp_textfile_mtime_seconds" }?.samples.map { $0.labels[0].value } ?? []
        #expect(mtimes == ["backup.prom", "broken.prom", "cron.prom", "owned.prom", "repeat.prom"])
        #expect(output.warnings.count == 4, "\(output.warnings)")
        #expect(output.warnings.contains { $0.contains("broken.prom:1") })
        #expect(output.warnings.contains { $0.contains("fifo.prom is not a regular file") })
    }

    @Test func aMissingDirectoryFailsTheRun() async {
        let probe = TextfileProbe(settings: TextfileSettings(directory: "/nonexistent/ixp-health-textfile"), claims: PluginFamilyClaims())
        await #expect(throws: ProbeError.self) { try await probe.collect(at: 0) }
    }

    @Test func aCleanDirectoryHasNoError() async throws {
        let scripts = try PluginScripts()
        defer { scripts.remove() }
        try "a 1\n".write(toFile: scripts.folder.path + "/a.prom", atomically: true, encoding: .utf8)
        let output = try await TextfileProbe(settings: TextfileSettings(directory: scripts.folder.path), claims: PluginFamilyClaims()).collect(at: 0)
        #expect(output.metrics.first { $0.name == "ixp_textfile_scrape_error" }?.samples.map(\.value) == [0])
        #expect(output.warnings.isEmpty)
    }
}
