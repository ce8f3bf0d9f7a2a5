import Foundation
import ProcessTestSupport
import Testing

/// `ixp-health import --openmetrics` fills the state directory, and the agent started on it
/// serves the imported history; a bad file is refused with file:line and changes nothing.
@Suite("import backfill")
struct ImportBackfillIntegrationTests {
    @Test("imported counters become rates the running agent serves")
    func backfillThenRun() async throws {
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let state = scratch.appendingPathComponent("state").path
        let now = Int(Date().timeIntervalSince1970) / 60 * 60
        let first = now - 3600
        // 60 one-minute samples of a counter growing by 6,000 bytes a minute: 100 bytes/s.
        var text = "# TYPE ixp_interface_receive_bytes counter\n"
        for minute in 0..<60 {
            text += "ixp_interface_receive_bytes_total{switch=\"sw\",interface=\"Et1\",member_asn=\"64500\"} "
                + "\(1_000_000 + minute * 6000) \(first + minute * 60)\n"
        }
        text += "# EOF\n"
        let file = scratch.appendingPathComponent("history.om")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let config = scratch.appendingPathComponent("import.yaml")
        try "state_directory: \(state)\nraw_retention: 6h\n".write(to: config, atomically: true, encoding: .utf8)

        let bad = scratch.appendingPathComponent("bad.om")
        try (text.replacingOccurrences(of: "} 1006000 ", with: "} x1006000 ")).write(to: bad, atomically: true, encoding: .utf8)
        let refused = try await IXPHealthBinary.run(["import", "--openmetrics", bad.path, "--config", config.path])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("bad.om:3"), "the error names the file and line: \(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: state + "/snapshot.tsdb"), "nothing partial is committed")

        let imported = try await IXPHealthBinary.run(["import", "--openmetrics", file.path, "--config", config.path])
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")

        let agent = try AgentUnderTest("state_directory: \(state)\nraw_retention: 6h\n")
        defer { agent.stop() }
        var body = ""
        for _ in 0..<50 {
            body = (try? agent.get("/api/v1/query_range?name=ixp_interface_receive_bytes_per_second&switch=sw&interface=Et1"
                + "&member_asn=64500&start=\(first - 60)&end=\(now)")) ?? ""
            if !body.isEmpty { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        struct Range: Decodable { var values: [Double?] }
        let range = try JSONDecoder().decode(Range.self, from: Data(body.utf8))
        let known = range.values.compactMap { $0 }
        #expect(known.count >= 55, "59 rates from 60 counter samples: \(known.count)")
        #expect(known.allSatisfy { abs($0 - 100) < 0.001 }, "\(known.prefix(5))")
    }
}
