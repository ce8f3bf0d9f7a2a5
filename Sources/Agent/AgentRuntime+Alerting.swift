import Alerting
import GRDB
import Logging
import ProbeKit
import ServiceLifecycle
import TimeSeries
import IXPCore
import ReadModels
import Detection

extension AgentRuntime {
    /// The alerting service over the state database's outbox, silences and acknowledgements, sending through
    /// the configured SMTP server; the mails' charts come from `store`.
    func makeAlertingService(_ alerting: AlertingConfiguration, database: any DatabaseWriter, state: DetectionState,
                             registry: MetricsRegistry, store: TimeSeriesStore) -> any Service {
        var service = AlertingService(
            configuration: alerting, outbox: Outbox(writer: database, retry: alerting.retry),
            silences: SilenceStore(writer: database), state: state, registry: registry,
            transport: SMTPClient(configuration: alerting.smtp), clock: TimeSeriesStore.systemClock,
            logger: Logger(label: "ixp-health.alerting"))
        service.charts = AlertChartSource(store: store, language: alerting.language)
        service.acknowledgements = AcknowledgementStore(writer: database)
        return service
    }
}
