import Foundation
import Testing
@testable import TimeSeries

@Suite struct FormatOneFixtureTests {
    /// Wrote `Fixtures/format1-state` with the format-1 code (kept for the record; the current
    /// code writes another format, so running it again would not give a format-1 fixture).
    @Test(.disabled("writes the committed format-1 fixture; only meaningful with the format-1 code"))
    func regenerate() throws {
        let target = FormatOneFixture.directory
        try? FileManager.default.removeItem(at: target)
        let clock = TestClock(FormatOneFixture.start)
        let store = try TimeSeriesStore(configuration: FormatOneFixture.configuration, directory: target, clock: clock.function)
        FormatOneFixture.feed(store, minutes: 0..<FormatOneFixture.snapshotMinutes, clock: clock)
        clock.set(FormatOneFixture.start + Double(FormatOneFixture.snapshotMinutes) * 60)
        try store.checkpoint()
        FormatOneFixture.feed(store, minutes: FormatOneFixture.snapshotMinutes..<(FormatOneFixture.snapshotMinutes + FormatOneFixture.logMinutes), clock: clock)
        clock.set(FormatOneFixture.start + Double(FormatOneFixture.snapshotMinutes + FormatOneFixture.logMinutes) * 60)
        try store.checkpoint()
        #expect(!store.statistics.lastCheckpointWasSnapshot)
        let expected = try JSONEncoder().encode(FormatOneFixture.everything(store))
        try expected.write(to: target.appendingPathComponent("expected.json"))
        try? FileManager.default.removeItem(at: target.appendingPathComponent("lock"))
    }
}
