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

    @Test func macFramesAreSummedByMACAndBecomeARateOverTheWindow() throws {
        func minute(_ end: Double, _ frames: [(String, Double)], interface: String = "eth1") -> LANObservations {
            LANObservations(interface: interface, time: end, receivedFrames: 0, droppedFrames: 0, violations: [],
                            macFrames: frames.map { .init(mac: $0.0, memberASN: 64501, frames: $0.1) }, seconds: 60)
        }
        // Two minutes of one capture: 600 then 300 frames from one MAC, 30 from another in the second.
        let merged = try #require(LANObservations.merged([
            minute(60, [("02:00:00:00:00:01", 600)]),
            minute(120, [("02:00:00:00:00:01", 300), ("02:00:00:00:00:02", 30)]),
        ]))
        #expect(merged.seconds == 120)
        #expect(merged.macFrames.map { "\($0.mac) \($0.frames)" } == ["02:00:00:00:00:01 900.0", "02:00:00:00:00:02 30.0"])
        #expect(merged.framesPerMinuteByMAC == ["02:00:00:00:00:01": 450, "02:00:00:00:00:02": 15])

        // A second capture over the same two minutes: frames add, the window does not.
        let other = try #require(LANObservations.merged([minute(60, [("02:00:00:00:00:01", 60)], interface: "eth2"),
                                                         minute(120, [], interface: "eth2")]))
        let combined = try #require(LANObservations.combined([merged, other]))
        #expect(combined.seconds == 120)
        #expect(combined.framesPerMinuteByMAC["02:00:00:00:00:01"] == 480)

        // An interval of unknown length gives no rate.
        let unknown = LANObservations(interface: "eth1", time: 60, receivedFrames: 0, droppedFrames: 0, violations: [],
                                      macFrames: [.init(mac: "02:00:00:00:00:01", memberASN: nil, frames: 5)])
        #expect(unknown.framesPerMinuteByMAC.isEmpty)
    }
}
