import InterfaceProbe
import Testing

@Suite("Interface counter tracker")
struct InterfaceCounterTrackerTests {
    static let second: UInt64 = 1_000_000_000

    func reading(_ index: UInt32 = 1, bytes: UInt64, bits: Int = 64, at seconds: UInt64,
                 discontinuity: UInt32? = nil) -> InterfaceReading {
        var reading = InterfaceReading(index: index, operStatus: 1, receivedAt: seconds * Self.second)
        reading[.receiveBytes] = CounterValue(bytes, bits: bits)
        reading[.transmitBytes] = CounterValue(bytes / 2, bits: bits)
        reading[.receiveErrors] = CounterValue(0, bits: 32)
        reading.usesHighCapacity = bits == 64
        reading.discontinuityTime = discontinuity
        return reading
    }

    func labels(_ index: UInt32 = 1, name: String = "Ethernet1", speed: Double? = 10e9) -> [UInt32: InterfaceLabels] {
        [index: InterfaceLabels(index: index, name: name, speedBitsPerSecond: speed)]
    }

    @Test func theFirstReadingHasNoRateAndExportsTheRawCounter() {
        var tracker = InterfaceCounterTracker()
        let update = tracker.update(readings: [reading(bytes: 5000, at: 100)], labels: labels(), sysUpTime: 1000)
        #expect(update.first?.gap == .firstReading)
        #expect(update.first?.rate(.receiveBytes).isNaN == true)
        #expect(update.first?.total(.receiveBytes) == 5000)
    }

    @Test func rateUsesTheTimeBetweenResponses() {
        var tracker = InterfaceCounterTracker()
        _ = tracker.update(readings: [reading(bytes: 1000, at: 100)], labels: labels(), sysUpTime: 1000)
        // 61 s between the responses although the schedule said 60 s.
        let update = tracker.update(readings: [reading(bytes: 1000 + 61_000, at: 161)], labels: labels(), sysUpTime: 7100)
        #expect(update.first?.gap == nil)
        #expect(update.first?.rate(.receiveBytes) == 1000)
        #expect(update.first?.total(.receiveBytes) == 62_000)
    }

    @Test func ratesAreRoundedToTheProbesIntervalWhenItIsGiven() {
        var tracker = InterfaceCounterTracker(rateInterval: 60)
        var first = reading(bytes: 1_000, at: 100)
        first.receivedAt = 100 * Self.second
        _ = tracker.update(readings: [first], labels: labels(), sysUpTime: 1000)
        // 61,000 bytes over 60.013 s (the reply came 13 ms late): 60,987 / 60 B/s, so that the
        // store keeps it as an integer; the exported counter keeps every byte.
        var second = reading(bytes: 62_000, at: 160)
        second.receivedAt = 160 * Self.second + 13_000_000
        let update = tracker.update(readings: [second], labels: labels(), sysUpTime: 7100)
        #expect(update.first?.rate(.receiveBytes) == 60_987.0 / 60)
        #expect(update.first?.rate(.transmitBytes) == 30_493.0 / 60)
        #expect(update.first?.total(.receiveBytes) == 62_000)
    }

    @Test func aPlausibleCounter32WrapIsAccepted() {
        var tracker = InterfaceCounterTracker()
        let nearTop = UInt64(UInt32.max) - 999
        _ = tracker.update(readings: [reading(bytes: nearTop, bits: 32, at: 0)], labels: labels(), sysUpTime: 100)
        let update = tracker.update(readings: [reading(bytes: 1000, bits: 32, at: 60)], labels: labels(), sysUpTime: 6100)
        // 1,000 bytes to the top, then 1,000 more: 2,000 bytes in 60 s.
        #expect(update.first?.rate(.receiveBytes) == 2000.0 / 60)
        #expect(update.first?.total(.receiveBytes) == nearTop + 2000)
        #expect(update.first?.rejectedCounters.isEmpty == true)
    }

    @Test func aWrapFasterThanTheLineRateIsAGap() {
        var tracker = InterfaceCounterTracker()
        // 10 Mbit/s can move at most 75 MB in 60 s; a wrap needs ~4 GB.
        _ = tracker.update(readings: [reading(bytes: 3_000_000_000, bits: 32, at: 0)], labels: labels(speed: 10e6), sysUpTime: 100)
        let update = tracker.update(readings: [reading(bytes: 1_000, bits: 32, at: 60)], labels: labels(speed: 10e6), sysUpTime: 6100)
        #expect(update.first?.rate(.receiveBytes).isNaN == true)
        #expect(update.first?.rejectedCounters.contains(.receiveBytes) == true)
        #expect(update.first?.total(.receiveBytes) == 3_000_000_000, "the exported counter must not move")
    }

    @Test func aWrapWithUnknownSpeedIsAGap() {
        var tracker = InterfaceCounterTracker()
        _ = tracker.update(readings: [reading(bytes: UInt64(UInt32.max) - 10, bits: 32, at: 0)], labels: labels(speed: nil), sysUpTime: 100)
        let update = tracker.update(readings: [reading(bytes: 10, bits: 32, at: 60)], labels: labels(speed: nil), sysUpTime: 6100)
        #expect(update.first?.rate(.receiveBytes).isNaN == true)
    }

    @Test func aCounter64NeverWraps() {
        var tracker = InterfaceCounterTracker()
        _ = tracker.update(readings: [reading(bytes: UInt64.max - 10, at: 0)], labels: labels(), sysUpTime: 100)
        let update = tracker.update(readings: [reading(bytes: 10, at: 60)], labels: labels(), sysUpTime: 6100)
        #expect(update.first?.rate(.receiveBytes).isNaN == true)
        #expect(update.first?.rejectedCounters.contains(.receiveBytes) == true)
        #expect(update.first?.total(.receiveBytes) == UInt64.max - 10)
    }

    @Test func counter64ValuesAboveTwoToTheSixtyThirdWork() {
        var tracker = InterfaceCounterTracker()
        let big = (UInt64(1) << 63) + 1_000
        _ = tracker.update(readings: [reading(bytes: big, at: 0)], labels: labels(), sysUpTime: 100)
        let update = tracker.update(readings: [reading(bytes: big + 6_000, at: 60)], labels: labels(), sysUpTime: 6100)
        #expect(update.first?.rate(.receiveBytes) == 100)
    }

    @Test func anAgentRestartIsAGapNotASpike() {
        var tracker = InterfaceCounterTracker()
        _ = tracker.update(readings: [reading(bytes: 1_000_000, at: 0)], labels: labels(), sysUpTime: 500_000)
        // The agent restarted: sysUpTime went back, counters restarted from a small value
        // that is still larger than nothing — without the restart rule this would be a rate.
        let update = tracker.update(readings: [reading(bytes: 2_000_000, at: 60)], labels: labels(), sysUpTime: 3_000)
        #expect(update.first?.gap == .agentRestarted)
        #expect(update.first?.rate(.receiveBytes).isNaN == true)
        #expect(update.first?.total(.receiveBytes) == 1_000_000)
        // The next interval is normal again, counted from the new raw value.
        let next = tracker.update(readings: [reading(bytes: 2_006_000, at: 120)], labels: labels(), sysUpTime: 9_000)
        #expect(next.first?.rate(.receiveBytes) == 100)
        #expect(next.first?.total(.receiveBytes) == 1_006_000)
    }

    @Test func aChangedDiscontinuityTimeIsAGap() {
        var tracker = InterfaceCounterTracker()
        _ = tracker.update(readings: [reading(bytes: 1000, at: 0, discontinuity: 0)], labels: labels(), sysUpTime: 100)
        let update = tracker.update(readings: [reading(bytes: 900_000, at: 60, discontinuity: 5000)], labels: labels(), sysUpTime: 6100)
        #expect(update.first?.gap == .discontinuity)
        #expect(update.first?.total(.receiveBytes) == 1000)
    }

    @Test func aRenumberedIfIndexStartsAfresh() {
        var tracker = InterfaceCounterTracker()
        _ = tracker.update(readings: [reading(bytes: 1000, at: 0)], labels: labels(name: "Ethernet1"), sysUpTime: 100)
        let update = tracker.update(readings: [reading(bytes: 900_000, at: 60)], labels: labels(name: "Ethernet7"), sysUpTime: 6100)
        #expect(update.first?.gap == .renumbered)
        #expect(update.first?.total(.receiveBytes) == 900_000)
    }

    @Test func aVanishedIfIndexIsForgotten() {
        var tracker = InterfaceCounterTracker()
        _ = tracker.update(readings: [reading(1, bytes: 1000, at: 0), reading(2, bytes: 1000, at: 0)],
                           labels: labels(1).merging(labels(2, name: "Ethernet2")) { a, _ in a }, sysUpTime: 100)
        _ = tracker.update(readings: [reading(1, bytes: 2000, at: 60)], labels: labels(1), sysUpTime: 6100)
        #expect(tracker.trackedIndexes == [1])
        let back = tracker.update(readings: [reading(2, bytes: 99_000, at: 120)], labels: labels(2, name: "Ethernet2"), sysUpTime: 12100)
        #expect(back.first?.gap == .firstReading, "a returning ifIndex must not produce a rate across the gap")
    }

    @Test func switchingCounterWidthIsAGap() {
        var tracker = InterfaceCounterTracker()
        _ = tracker.update(readings: [reading(bytes: 1000, bits: 32, at: 0)], labels: labels(), sysUpTime: 100)
        let update = tracker.update(readings: [reading(bytes: 5_000_000_000, bits: 64, at: 60)], labels: labels(), sysUpTime: 6100)
        #expect(update.first?.gap == .widthChanged)
    }
}
