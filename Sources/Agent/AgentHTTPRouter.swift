public import Detection
import Exposition
import Foundation
public import Hummingbird
import ProbeKit
public import TimeSeries
public import IXPCore
import HTTPListener

/// The agent's HTTP endpoints:
/// - `GET /metrics`: every metric in the Prometheus text format or OpenMetrics (by `Accept`),
///   gzipped when `Accept-Encoding` allows, from a rendering cached per collection (`MetricsEndpoint`);
/// - `GET /api/v1/status`: the probes' last runs as JSON;
/// - `GET /-/healthy`: 200 while the process serves;
/// - the history endpoints of `HistoryAPI` and the peering matrix of `MatrixAPI`;
/// - with a detector: `GET /api/v1/findings`, `GET /api/v1/report` (JSON) and `GET /report`
///   (the HTML health report; `?lang=fr`); with an acknowledgement store too, acknowledging
///   findings (`AcknowledgementsAPI`).
public enum AgentHTTPRouter {
    /// Builds the router.
    public static func make(registry: MetricsRegistry, store: TimeSeriesStore?,
                            detection: DetectionState? = nil, acknowledgements: AcknowledgementStore? = nil,
                            clock: @escaping @Sendable () -> Double = TimeSeriesStore.systemClock) -> Router<BasicRequestContext> {
        let router = Router()
        let started = TimeSeriesStore.systemClock()
        let metrics = MetricsEndpoint(clock: TimeSeriesStore.systemClock, generation: { registry.generation }) {
            var families = registry.families()
            if let store { families += StoreMetrics.families(store.statistics, created: started) }
            families.append(AgentBuildInfo.family)
            return families
        }
        router.get("/metrics") { request, _ -> Response in
            let format = ExpositionFormat.negotiate(accept: request.headers[.accept])
            let body = metrics.body(format: format, gzip: MetricsEndpoint.acceptsGzip(request.headers[.acceptEncoding]))
            var headers: HTTPFields = [.contentType: format.contentType, .vary: "Accept, Accept-Encoding"]
            if body.gzipped { headers[.contentEncoding] = "gzip" }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body.bytes))
        }
        router.get("/api/v1/status") { _, _ -> Response in
            let probes = registry.statuses.map { status in
                ProbeStatusDocument(
                    kind: status.identity.kind, name: status.identity.name,
                    last_success: status.lastSuccess, last_duration_seconds: status.lastDuration,
                    last_success_timestamp: status.lastSuccessTime > 0 ? status.lastSuccessTime : nil,
                    last_error: status.lastError, runs: status.runs, failures: status.failures)
            }
            return try JSONResponse.make(StatusDocument(version: AgentBuildInfo.version, started_at: started, probes: probes))
        }
        router.get("/-/healthy") { _, _ in "OK\n" }
        if let store {
            HistoryAPI.register(on: router, store: store, clock: TimeSeriesStore.systemClock)
            MatrixAPI.register(on: router, store: store, clock: TimeSeriesStore.systemClock)
        }
        if let detection {
            DetectionAPI.register(on: router, state: detection, acknowledgements: acknowledgements, clock: clock)
            if let acknowledgements {
                AcknowledgementsAPI.register(on: router, state: detection, store: acknowledgements, clock: clock)
            }
        }
        return router
    }

    /// `GET /api/v1/status`.
    struct StatusDocument: Codable, Sendable {
        var version: String
        var started_at: Double
        var probes: [ProbeStatusDocument]
    }

    /// One probe's runs.
    struct ProbeStatusDocument: Codable, Sendable {
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
