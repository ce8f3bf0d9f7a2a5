import Foundation
import ProcessTestSupport
import Testing

/// Every libFuzzer target of `Fuzz/` builds and runs a short pass on its kept corpus without a
/// crash, a leak or a sanitizer report (`Fuzz/run.sh 20000 all`, each target capped at 15
/// seconds; about 3 minutes with the builds on the 2-core machine): a decoder change that breaks
/// a target's build, or a crash on the kept corpus, fails here. It needs the package's debug
/// build (swift-nio, Yams, Hummingbird), which `swift build --build-tests` leaves. The long runs
/// are in Fuzz/README.md.
@Suite("Fuzz targets, short pass", .serialized)
struct FuzzSmokeIntegrationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("every fuzz target builds and survives a short pass")
    func shortPass() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try Subprocess.run("sh", [Self.root.appendingPathComponent("Fuzz/run.sh").path, "20000", "all"],
                                        environment: ["WORK": work.path, "FUZZ_FLAGS": "-max_total_time=15"],
                                        timeout: 600)
        let output = result.stdout + result.stderr
        #expect(result.status == 0, "\(output.suffix(3000))")
        for target in ["frames", "members", "sflow", "openmetrics", "smtp", "config", "snmp-values", "http-query"] {
            #expect(output.contains("== \(target)"), "\(target) did not run")
        }
        let finished = output.components(separatedBy: "stat::number_of_executed_units").count - 1
        #expect(finished == 8, "\(finished) targets finished\n\(output.suffix(3000))")
        #expect(!output.contains("ERROR: "), "\(output.suffix(3000))")
    }
}
