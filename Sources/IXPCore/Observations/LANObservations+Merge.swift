extension LANObservations {
    /// The observations of consecutive intervals (oldest first) as one: frame counts summed,
    /// violations merged by (rule, source) with frames summed and the earliest example kept,
    /// at most `maximumViolations` of them (the frames of the rest go to `violationsOverflow`),
    /// MAC frames summed by MAC (no cap needed: each interval has at most one entry per MAC of
    /// the member list), lengths summed. Takes the interface and time of the last; nil for an
    /// empty list.
    public static func merged(_ intervals: [LANObservations], maximumViolations: Int = 1_000) -> LANObservations? {
        guard let last = intervals.last else { return nil }
        struct Key: Hashable {
            var rule: String
            var mac: String
        }
        var index: [Key: Int] = [:]
        var violations: [Violation] = []
        var macIndex: [String: Int] = [:]
        var macFrames: [MACFrames] = []
        var received = 0.0, dropped = 0.0, overflow = 0.0, seconds = 0.0
        for interval in intervals {
            received += interval.receivedFrames
            dropped += interval.droppedFrames
            overflow += interval.violationsOverflow
            seconds += interval.seconds
            for entry in interval.macFrames {
                if let i = macIndex[entry.mac] {
                    macFrames[i].frames += entry.frames
                    if macFrames[i].memberASN == nil { macFrames[i].memberASN = entry.memberASN }
                } else {
                    macIndex[entry.mac] = macFrames.count
                    macFrames.append(entry)
                }
            }
            for violation in interval.violations {
                let key = Key(rule: violation.rule, mac: violation.mac)
                if let i = index[key] {
                    violations[i].frames += violation.frames
                    if violations[i].memberASN == nil { violations[i].memberASN = violation.memberASN }
                    if violations[i].example == nil { violations[i].example = violation.example }
                } else if violations.count < maximumViolations {
                    index[key] = violations.count
                    violations.append(violation)
                } else {
                    overflow += Double(violation.frames)
                }
            }
        }
        return LANObservations(interface: last.interface, time: last.time, receivedFrames: received,
                                 droppedFrames: dropped, violations: violations, violationsOverflow: overflow,
                                 macFrames: macFrames, seconds: seconds)
    }

    /// The observations of several captures (one per interface) over the same window, as one:
    /// frames summed, violations merged by (rule, source MAC), the latest time, and the
    /// interfaces that saw anything joined with "," (`eth1,eth2`), and the longest source's
    /// length (the captures ran side by side, so lengths do not add). Nil when none has any. The
    /// detector and the dashboard both read the LAN through this.
    public static func combined(_ sources: [LANObservations]) -> LANObservations? {
        guard var combined = merged(sources) else { return nil }
        var interfaces: [String] = []
        for observations in sources where !interfaces.contains(observations.interface) {
            interfaces.append(observations.interface)
        }
        combined.interface = interfaces.joined(separator: ",")
        combined.time = sources.map(\.time).max() ?? combined.time
        combined.seconds = sources.map(\.seconds).max() ?? combined.seconds
        return combined
    }
}
