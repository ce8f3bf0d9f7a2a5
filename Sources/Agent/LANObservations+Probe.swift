import Detection
import ProbeKit

extension LANObservations {
    /// The detector's view of a capture's observations: the same counts and violations, with
    /// the severity words mapped to `Severity` (an unknown word counts as a warning).
    init(_ observations: ProbeObservations) {
        self.init(
            interface: observations.interface, at: observations.time, receivedFrames: observations.receivedFrames,
            droppedFrames: observations.droppedFrames,
            violations: observations.violations.map { violation in
                LANObservations.Violation(
                    rule: violation.rule, severity: Severity(rawValue: violation.severity) ?? .warning, mac: violation.mac,
                    frames: violation.frames, memberASN: violation.memberASN, example: violation.example)
            })
    }
}
