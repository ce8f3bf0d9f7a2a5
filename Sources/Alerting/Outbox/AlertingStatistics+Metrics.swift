public import IXPCore

extension AlertingStatistics {
    /// The alerting metric families: mails sent and failed, the outbox and its oldest mail.
    public var metricFamilies: [MetricFamily] {
        let statistics = self
        var failed = MetricFamily(name: "ixp_alert_emails_failed_total",
                                  help: "Failed alert-mail delivery attempts, by reason (4xx and connection failures are retried).",
                                  kind: .counter)
        for (reason, value) in statistics.failedTotal.sorted(by: { $0.key < $1.key }) {
            failed.samples.append(MetricSample(labels: [("reason", reason)], value: Double(value)))
        }
        return [
            MetricFamily(name: "ixp_alert_emails_sent_total", help: "Alert mails the SMTP server accepted (250 to the end of DATA).",
                         kind: .counter, samples: [MetricSample(labels: [], value: Double(statistics.sentTotal))]),
            failed,
            MetricFamily(name: "ixp_alert_outbox_messages", help: "Alert mails queued and not yet delivered.", kind: .gauge,
                         samples: [MetricSample(labels: [], value: Double(statistics.outboxMessages))]),
            MetricFamily(name: "ixp_alert_outbox_oldest_age_seconds", help: "Age of the oldest queued alert mail; 0 when none waits.",
                         kind: .gauge, samples: [MetricSample(labels: [], value: statistics.oldestAgeSeconds)]),
        ]
    }
}
