import Alerting
import Detection
import Foundation
import Logging
import ProbeKit
import ServiceLifecycle
import Synchronization
import IXPCore
import ReadModels

/// Sends alert email: the detector hands it each evaluation (``DetectionState/evaluations()``),
/// and it gives the findings to the notification pipeline, queues what the pipeline says is due in the durable outbox (the
/// rendered mail and the notification log in one transaction), and delivers what the outbox
/// has due through the mail transport. Restarts resume from the persisted log and outbox, so
/// pending mail goes out with its Message-ID and nothing already sent is sent again. Mails
/// show small charts of the series involved, read from the store (``AlertChartSource``).
/// Publishes `ixp_alert_emails_sent_total`, `ixp_alert_emails_failed_total{reason}`,
/// `ixp_alert_outbox_messages` and `ixp_alert_outbox_oldest_age_seconds`.
struct AlertingService: Service {
    let configuration: AlertingConfiguration
    let outbox: Outbox
    let silences: SilenceStore
    let state: DetectionState
    let registry: MetricsRegistry
    let transport: any MailTransport
    let clock: @Sendable () -> Double
    let logger: Logger
    /// Where the series the mails draw come from; nil for mail without charts.
    var charts: AlertChartSource? = nil
    /// The findings' acknowledgements: an acknowledged finding gets no reminder mail
    /// (``NotificationPipeline/acknowledged``).
    var acknowledgements: AcknowledgementStore? = nil
    /// The longest the service sleeps between rounds when neither the detector nor a timer of
    /// the pipeline or the outbox wakes it, seconds: new silences, the outbox metrics' ages and
    /// the hourly purge wait at most this long. Evaluations are not polled: the detector hands
    /// each one over (``DetectionState/evaluations()``) and it is acted on at once.
    var maximumSleep: Double = 10
    /// How long the last delivery attempt at shutdown may take, seconds.
    var shutdownDeliveryTimeout: Double = 5

    /// What wakes the service: an evaluation handed over by the detector, or a timer.
    private enum Wakeup: Sendable {
        case evaluation(DetectionEvaluation)
        case timer
    }

    func run() async throws {
        let restored = restore()
        let (wakeups, wake) = AsyncStream<Wakeup>.makeStream()
        let evaluations = state.evaluations()
        let forwarder = Task {
            for await evaluation in evaluations { wake.yield(.evaluation(evaluation)) }
        }
        defer { forwarder.cancel() }
        let (pipeline, unprocessed) = await cancelWhenGracefulShutdown { () -> (NotificationPipeline, DetectionEvaluation?) in
            var pipeline = restored
            var unprocessed: DetectionEvaluation? = nil
            var lastPurge = 0.0
            var timer: Task<Void, Never>? = nil
            defer { timer?.cancel() }
            wake.yield(.timer)
            for await wakeup in wakeups {
                if case .evaluation(let evaluation) = wakeup { unprocessed = evaluation }
                let now = clock()
                step(&pipeline, evaluation: &unprocessed, now: now)
                await deliver(now: now)
                publishMetrics(now: clock())
                if now - lastPurge >= 3_600 {
                    purge(now: now)
                    lastPurge = now
                }
                timer?.cancel()
                let seconds = sleepTime(pipeline, now: clock())
                timer = Task {
                    guard (try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))) != nil else { return }
                    wake.yield(.timer)
                }
            }
            return (pipeline, unprocessed)
        }
        // One last round, bounded: what is queued and due goes out now if the server answers
        // quickly; the rest stays queued for the next start.
        var last = pipeline
        var evaluation = unprocessed
        let now = clock()
        step(&last, evaluation: &evaluation, now: now)
        let finished = await Self.withDeadline(seconds: shutdownDeliveryTimeout) { await deliver(now: now) }
        if !finished { logger.warning("alert mail still being delivered at shutdown; what is not confirmed stays queued") }
        publishMetrics(now: clock())
    }

    /// The pipeline restored from the persisted notification log.
    func restore() -> NotificationPipeline {
        let now = clock()
        do {
            let log = try outbox.notificationLog(now: now)
            let pending = try outbox.statistics(now: now).outboxMessages
            logger.info("alerting ready", metadata: [
                "groups": "\(log.filter(\.isFiring).count)", "queued": "\(pending)",
                "smtp": "\(configuration.smtp.host):\(configuration.smtp.port) (\(configuration.smtp.security.rawValue))",
            ])
            return NotificationPipeline(configuration: configuration, log: log, silences: activeSilences(now: now))
        } catch {
            logger.error("cannot read the notification log; starting without it (mail may repeat): \(error)")
            return NotificationPipeline(configuration: configuration)
        }
    }

    /// Ingests the evaluation not yet processed, if any, ticks, and queues the round. The
    /// pipeline advances only when the round is on disk: a failed write is tried again at the
    /// next step, with the same evaluation.
    func step(_ pipeline: inout NotificationPipeline, evaluation: inout DetectionEvaluation?, now: Double) {
        var next = pipeline
        if let evaluation {
            next.ingest(findings: evaluation.findings, now: now)
        }
        next.silences = activeSilences(now: now)
        next.acknowledged = Set(((try? acknowledgements?.inForce(now: now)) ?? [:]).keys)
        let round = next.tick(now: now)
        do {
            if !round.notifications.isEmpty || !round.logUpdates.isEmpty {
                // The charts are drawn into the rendered mail, which is what the outbox commits.
                let charts = round.notifications.isEmpty ? [:] : (self.charts?.charts(for: round.notifications, now: now) ?? [:])
                try outbox.enqueue(round, renderer: AlertMailRenderer(configuration: configuration), charts: charts)
                for notification in round.notifications {
                    logger.info("alert mail queued", metadata: [
                        "receiver": "\(notification.receiver.name)", "kind": "\(notification.kind.rawValue)",
                        "firing": "\(notification.firing.count)", "resolved": "\(notification.resolved.count)",
                        "message_id": "\(notification.messageID)",
                    ])
                }
            }
            pipeline = next
            evaluation = nil
        } catch {
            logger.error("alert mail not queued; trying again: \(error)")
        }
    }

    /// Delivers what is due; each result is on disk before the next message is tried.
    func deliver(now: Double) async {
        do {
            let summary = try await OutboxDelivery(outbox: outbox).deliverDue(now: now, client: transport)
            for report in summary.reports {
                if let error = report.error {
                    logger.warning("alert mail not delivered: \(error.description)")
                }
            }
            if !summary.delivered.isEmpty {
                logger.info("alert mail delivered", metadata: ["message_ids": "\(summary.delivered.joined(separator: " "))"])
            }
            for id in summary.failed { logger.error("alert mail failed for good (kept in the outbox)", metadata: ["message_id": "\(id)"]) }
        } catch {
            logger.error("the outbox cannot be read or written: \(error)")
        }
    }

    private func activeSilences(now: Double) -> [Silence] {
        (try? silences.list(now: now)) ?? []
    }

    private func sleepTime(_ pipeline: NotificationPipeline, now: Double) -> Double {
        var wake = now + maximumSleep
        if let next = pipeline.nextWakeup { wake = min(wake, next) }
        if let next = try? outbox.nextAttemptAt() { wake = min(wake, next) }
        return min(maximumSleep, max(0.05, wake - now))
    }

    private func purge(now: Double) {
        do {
            try outbox.purge(now: now)
            try silences.purge(now: now)
        } catch {
            logger.warning("old outbox messages or silences not purged: \(error)")
        }
    }

    private func publishMetrics(now: Double) {
        do {
            registry.publish(try outbox.statistics(now: now).metricFamilies, as: "alerting")
        } catch {
            logger.warning("alerting metrics not updated: \(error)")
        }
    }

    /// Runs `operation` for at most `seconds`; returns whether it finished. An operation that
    /// outlives the deadline is left to finish (or be ended with the process).
    static func withDeadline(seconds: Double, _ operation: @escaping @Sendable () async -> Void) async -> Bool {
        let once = OnceContinuation()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            once.set(continuation)
            Task {
                await operation()
                once.resume(true)
            }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                once.resume(false)
            }
        }
    }
}

/// A continuation resumed by whichever of two tasks comes first.
private final class OnceContinuation: Sendable {
    private let continuation = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func set(_ value: CheckedContinuation<Bool, Never>) {
        continuation.withLock { $0 = value }
    }

    func resume(_ value: Bool) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}
