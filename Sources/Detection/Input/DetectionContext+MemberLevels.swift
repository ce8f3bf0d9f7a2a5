import TimeSeries
import IXPCore

extension DetectionContext {
    /// One member's traffic level either side of a moment: the mean of its ports' daily peaks
    /// (received bytes/s, each port's daily maximum, summed over its ports).
    struct MemberLevelChange {
        /// The member.
        var asn: UInt32
        /// Its ports known on both sides.
        var ports: [MonitoredPort]
        /// The level before, bytes/s.
        var before: Double
        /// The level after, bytes/s.
        var after: Double

        /// How much lower it is after (negative when it grew).
        var drop: Double { before - after }
    }

    /// Per member, its level over the `beforeDays` days before `time` and the `afterDays` days
    /// from `time` on, from the daily tier's maxima. A port counts only when both sides have a
    /// known day: a port that stopped reporting is unknown, not zero.
    func memberLevelChanges(at time: Double, beforeDays: Int, afterDays: Int) -> [MemberLevelChange] {
        let before = memberPortDailyPeakMeans(from: time - Double(beforeDays) * 86_400, to: time - 1)
        let after = memberPortDailyPeakMeans(from: time, to: time + Double(afterDays) * 86_400 - 1)
        var byMember: [UInt32: MemberLevelChange] = [:]
        for (index, port) in memberPorts.enumerated() {
            guard let asn = port.memberASN, !before[index].isNaN, !after[index].isNaN else { continue }
            var change = byMember[asn] ?? MemberLevelChange(asn: asn, ports: [], before: 0, after: 0)
            change.ports.append(port)
            change.before += before[index]
            change.after += after[index]
            byMember[asn] = change
        }
        return byMember.values.sorted { $0.asn < $1.asn }
    }

    /// Per member port (`memberPorts` order), the mean of its known daily maxima of received
    /// bytes/s over `from...to`; NaN when none is known.
    private func memberPortDailyPeakMeans(from: Double, to: Double) -> [Double] {
        var means = [Double](repeating: .nan, count: memberPorts.count)
        guard to > from else { return means }
        let tier = self.tier(from: from, function: .maximum, minimumStep: 86_400)
        forEachMemberPort(reading: [StoreSeries.receiveBytes], tier: tier, from: from, to: to, function: .maximum) { index, rows in
            guard let values = rows[0] else { return }
            var sum = 0.0, known = 0
            for value in values where !value.isNaN {
                sum += value
                known += 1
            }
            if known > 0 { means[index] = sum / Double(known) }
        }
        return means
    }
}
