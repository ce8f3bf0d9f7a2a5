import Detection
import Exposition
import Foundation
import Hummingbird
import ProbeKit
import TimeSeries

/// The agent's HTTP endpoints:
/// - `GET /metrics`: every metric in the Prometheus text format;
/// - `GET /api/v1/status`: the probes' last runs as JSON;
/// - `GET /-/healthy`: 200 while the process serves;
/// - the history endpoints of `HistoryAPI`;
/// - with a detector: `GET /api/v1/findings`, `GET /api/v1/report` (JSON) and `GET /report`
///   (the HTML health report; `?lang=fr`).
public enum AgentHTTPRouter {
    /// Builds the router.
    public static func make(registry: MetricsRegistry, store: TimeSeriesStore?,
                            detection: DetectionState? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            var families = registry.families()
            if let store { families += StoreMetrics.families(store.statistics) }
            families.append(AgentBuildInfo.family)
            let text = PrometheusTextRenderer.render(families)
            return Response(
                status: .ok,
                headers: [.contentType: PrometheusTextRenderer.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/api/v1/status") { _, _ -> Response in
            let probes = registry.statuses.map { status in
                ProbeStatusDocument(
                    kind: status.identity.kind, name: status.identity.name,
                    last_success: status.lastSuccess, last_duration_seconds: status.lastDuration,
                    last_success_timestamp: status.lastSuccessTime > 0 ? status.lastSuccessTime : nil,
                    last_error: status.lastError, runs: status.runs, failures: status.failures)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = (try? encoder.encode(["probes": probes])) ?? Data("{}".utf8)
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/-/healthy") { _, _ in "OK\n" }
        if let store {
            HistoryAPI.register(on: router, store: store, clock: TimeSeriesStore.systemClock)
        }
        if let detection { DetectionAPI.register(on: router, state: detection) }
        return router
    }

    struct ProbeStatusDocument: Encodable {
        var kind: String
        var name: String
        var last_success: Bool?
        var last_duration_seconds: Double
        var last_success_timestamp: Double?
        var last_error: String?
        var runs: Int
        var failures: Int
    }
}

/// `ixp_build_info`.
enum AgentBuildInfo {
    /// The agent's version.
    static let version = "0.1.0"

    static var family: MetricFamily {
        MetricFamily(name: "ixp_build_info", help: "Always 1; the labels say which ixp-health is running.", kind: .gauge,
                     samples: [MetricSample(labels: [("version", version)], value: 1)])
    }
}
