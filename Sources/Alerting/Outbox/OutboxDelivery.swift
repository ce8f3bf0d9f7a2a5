import Synchronization

/// Sends what the outbox has due: one SMTP session per message, results written back before
/// the next message is tried. The agent calls ``deliverDue(now:client:)`` from one task (two
/// concurrent calls could send a message twice).
public struct OutboxDelivery: Sendable {
    /// The outbox.
    public var outbox: Outbox

    /// A delivery step over `outbox`.
    public init(outbox: Outbox) {
        self.outbox = outbox
    }

    /// Tries every message due at `now` through `client` and records each result: delivered
    /// after the server's 250 to the end of DATA; 4xx and connection failures retried with
    /// backoff; 5xx failed for good. Returns what happened.
    @discardableResult
    public func deliverDue(now: Double, client: some MailTransport) async throws -> DeliverySummary {
        var summary = DeliverySummary()
        for message in try outbox.due(now: now) {
            guard let id = message.id else { continue }
            if now - message.createdAt > outbox.retry.maximumAge {
                try outbox.recordFailure(id, reason: "expired", error: "not delivered within the maximum age", permanent: true, now: now)
                summary.failed.append(message.messageID)
                continue
            }
            // The delivery is recorded the moment the server accepts the message, before the
            // session ends: a slow QUIT, or the agent dying during it, cannot send it twice.
            let recording = Mutex<(any Error)?>(nil)
            let outbox = self.outbox
            let report = await client.send(message.envelope) { acceptance in
                do {
                    if acceptance.refused.isEmpty {
                        try outbox.markDelivered(id, now: now)
                    } else {
                        let deferred = acceptance.refused.filter { $0.reply.isTransientFailure }.map(\.address)
                        try outbox.markPartiallyDelivered(message, retryFor: deferred,
                                                          refusedForGood: acceptance.refused.count - deferred.count, now: now)
                    }
                } catch {
                    recording.withLock { $0 = error }
                }
            }
            summary.reports.append(report)
            if let error = recording.withLock({ $0 }) { throw error }
            switch report.outcome {
            case .success:
                summary.delivered.append(message.messageID)
            case .failure(let error):
                try outbox.recordFailure(id, reason: error.kind.rawValue, error: error.description, permanent: error.isPermanent,
                                         now: now)
                if error.isPermanent { summary.failed.append(message.messageID) } else { summary.deferred.append(message.messageID) }
            }
        }
        return summary
    }
}

/// What one ``OutboxDelivery/deliverDue(now:client:)`` did, by Message-ID.
public struct DeliverySummary: Sendable {
    /// Accepted by the server.
    public var delivered: [String] = []
    /// Failed this time, to be retried.
    public var deferred: [String] = []
    /// Failed for good (5xx, or too old).
    public var failed: [String] = []
    /// Each session's report, in order.
    public var reports: [SMTPDeliveryReport] = []

    /// An empty summary.
    public init() {}
}
