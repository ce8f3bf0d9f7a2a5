/// One evaluation of the detector as it is handed to those who act on it (alert mail): the
/// findings after the evaluation, active and recently resolved, and when it ran.
public struct DetectionEvaluation: Sendable, Hashable {
    /// The findings, active and recently resolved.
    public var findings: [Finding]
    /// When the detector evaluated, seconds since the epoch.
    public var time: Double

    /// An evaluation.
    public init(findings: [Finding], time: Double) {
        self.findings = findings
        self.time = time
    }
}
