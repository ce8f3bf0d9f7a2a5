extension ProbeObservations {
    /// The observations of consecutive intervals (oldest first) as one: frame counts summed,
    /// violations merged by (rule, source) with frames summed and the earliest example kept,
    /// at most `maximumViolations` of them (the frames of the rest go to `violationsOverflow`).
    /// Takes the interface and time of the last; nil for an empty list.
    public static func merged(_ intervals: [ProbeObservations], maximumViolations: Int = 1_000) -> ProbeObservations? {
        guard let last = intervals.last else { return nil }
        struct Key: Hashable {
            var rule: String
            var mac: String
        }
        var index: [Key: Int] = [:]
        var violations: [Violation] = []
        var received = 0.0, dropped = 0.0, overflow = 0.0
        for interval in intervals {
            received += interval.receivedFrames
            dropped += interval.droppedFrames
            overflow += interval.violationsOverflow
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
        return ProbeObservations(interface: last.interface, time: last.time, receivedFrames: received,
                                 droppedFrames: dropped, violations: violations, violationsOverflow: overflow)
    }
}
