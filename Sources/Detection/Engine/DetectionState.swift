public import Detection
public import Members
import Synchronization

/// What the agent's services share about the exchange: the member list and its history, and
/// the detector's latest result, findings and report. Written by the member-list and detection
/// services, read by the HTTP routes and the alerting service.
public final class DetectionState: Sendable {
    struct Contents {
        var members: MemberRegistry?
        var membership: MembershipHistory?
        var peeringDB: PeeringDBExchange?
        var memberListStatus: MemberListStatus?
        var findings: [Finding] = []
        var report: HealthReport?
        var evaluatedAt: Double?
        var subscribers: [Int: AsyncStream<DetectionEvaluation>.Continuation] = [:]
        var nextSubscriber = 0
    }

    private let contents = Mutex(Contents())

    /// An empty state.
    public init() {}

    /// The current member list (the last good one), if any.
    public var members: MemberRegistry? { contents.withLock { $0.members } }
    /// The membership history.
    public var membership: MembershipHistory? { contents.withLock { $0.membership } }
    /// PeeringDB's view of the exchange.
    public var peeringDB: PeeringDBExchange? { contents.withLock { $0.peeringDB } }
    /// Whether the member list loads.
    public var memberListStatus: MemberListStatus? { contents.withLock { $0.memberListStatus } }
    /// The detector's findings: active, and recently resolved.
    public var findings: [Finding] { contents.withLock { $0.findings } }
    /// The latest report.
    public var report: HealthReport? { contents.withLock { $0.report } }
    /// When the detector last evaluated.
    public var evaluatedAt: Double? { contents.withLock { $0.evaluatedAt } }

    /// Sets the member list, its history and PeeringDB's view (nil leaves a value as it is).
    public func setMembers(_ registry: MemberRegistry?, history: MembershipHistory?, peeringDB: PeeringDBExchange? = nil) {
        contents.withLock { contents in
            if let registry { contents.members = registry }
            if let history { contents.membership = history }
            if let peeringDB { contents.peeringDB = peeringDB }
        }
    }

    /// Sets the member list's load status.
    public func setMemberListStatus(_ status: MemberListStatus) {
        contents.withLock { $0.memberListStatus = status }
    }

    /// Sets the detector's output and hands the evaluation to every subscriber of
    /// ``evaluations()``.
    public func setDetection(findings: [Finding], report: HealthReport, at time: Double) {
        let subscribers = contents.withLock { contents in
            contents.findings = findings
            contents.report = report
            contents.evaluatedAt = time
            return Array(contents.subscribers.values)
        }
        let evaluation = DetectionEvaluation(findings: findings, time: time)
        for subscriber in subscribers { subscriber.yield(evaluation) }
    }

    /// How many consumers of ``evaluations()`` are subscribed now.
    var subscriberCount: Int { contents.withLock { $0.subscribers.count } }

    /// The detector's evaluations from now on, each as it is made (the latest one first, when
    /// there is one already). A consumer slower than the detector gets the newest evaluation
    /// only: each carries all the findings, so none is lost by skipping one in between. The
    /// stream ends when the consumer stops iterating (or is cancelled).
    public func evaluations() -> AsyncStream<DetectionEvaluation> {
        let (stream, continuation) = AsyncStream<DetectionEvaluation>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = contents.withLock { contents in
            let id = contents.nextSubscriber
            contents.nextSubscriber += 1
            contents.subscribers[id] = continuation
            if let time = contents.evaluatedAt {
                continuation.yield(DetectionEvaluation(findings: contents.findings, time: time))
            }
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.contents.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }
}
