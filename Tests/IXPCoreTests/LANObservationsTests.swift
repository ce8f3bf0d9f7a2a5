import IXPCore
import Testing

@Suite struct LANObservationsTests {
    private func violation(_ rule: String, _ mac: String, _ frames: Int, example: String? = nil) -> LANObservations.Violation {
        LANObservations.Violation(rule: rule, severity: .warning, mac: mac, frames: frames, memberASN: nil, example: example)
    }

    @Test func mergingSumsFramesAndKeepsTheFirstExample() throws {
        let first = LANObservations(interface: "eth1", time: 60, receivedFrames: 100, droppedFrames: 1, violations: [
            violation("stp", "02:00:00:00:00:01", 2, example: "first"),
        ])
        let second = LANObservations(interface: "eth1", time: 120, receivedFrames: 50, droppedFrames: 0, violations: [
            violation("stp", "02:00:00:00:00:01", 3, example: "second"),
            violation("cdp", "02:00:00:00:00:01", 1),
        ], violationsOverflow: 4)
        let merged = try #require(LANObservations.merged([first, second]))
        #expect(merged.time == 120 && merged.receivedFrames == 150 && merged.droppedFrames == 1)
        #expect(merged.violations.map { "\($0.rule) \($0.frames) \($0.example ?? "-")" } == ["stp 5 first", "cdp 1 -"])
        #expect(merged.violationsOverflow == 4)
        #expect(LANObservations.merged([]) == nil)
    }

    @Test func mergingIsBounded() throws {
        let intervals = (0..<3).map { i in
            LANObservations(interface: "eth1", time: Double(i), receivedFrames: 1, droppedFrames: 0,
                              violations: [violation("stp", "02:00:00:00:00:0\(i)", 10)])
        }
        let merged = try #require(LANObservations.merged(intervals, maximumViolations: 2))
        #expect(merged.violations.count == 2 && merged.violationsOverflow == 10)
    }
}
