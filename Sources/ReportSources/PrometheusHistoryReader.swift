import Detection
import Foundation
import Members
public import TimeSeries
import IXPCore

/// Reads the history the detector needs from a Prometheus HTTP API (`/api/v1/query_range`)
/// instead of the local store: for `ixp-health report --prometheus URL`, when an exchange runs
/// one agent per site or shard and a Prometheus (or a federation of them, or Thanos/Mimir)
/// holds the exchange-wide history.
///
/// It asks for hourly values over the report's window — counters as `rate(…[1h])`, gauges as
/// `avg_over_time(…[1h])` — in chunks that stay under Prometheus' 11,000 points per series,
/// and drops the `job` and `instance` labels the scrape adds, so the series carry the same
/// labels as in the agent's own store. Daily peaks are then the maxima of hourly averages
/// (the agent's own store keeps maxima of its raw polls, so they can be a little higher).
public struct PrometheusHistoryReader: Sendable {
    /// The server's base URL, e.g. `http://prometheus:9090`.
    public var baseURL: String
    /// The step of the values asked for, in seconds.
    public var step: Int = 3_600
    /// How far back to read, in seconds (two years and a week by default: the year-on-year
    /// comparison needs two).
    public var span: Double = (2 * 365 + 7) * 86_400
    /// Points per series per request (Prometheus refuses more than 11,000).
    public var pointsPerRequest: Int = 1_000
    /// Time limit per request.
    public var timeout: Duration = .seconds(120)
    /// The largest response accepted, in bytes.
    public var maxBytes: Int = 256 << 20

    /// One series the detector reads, and the PromQL that gives its hourly values.
    struct Query: Sendable {
        /// The name the series has in the agent's store.
        var storeName: String
        /// The PromQL expression.
        var expression: String
        /// Whether it is a rate from a counter.
        var fromCounter: Bool
    }

    /// The series the rules read (`StoreSeries`), as the agent exports them.
    var queries: [Query] {
        let window = "[\(step)s]"
        var result: [Query] = []
        let counters: [(store: String, exported: String)] = [
            (StoreSeries.receiveBytes, "ixp_interface_receive_bytes_total"),
            (StoreSeries.transmitBytes, "ixp_interface_transmit_bytes_total"),
        ] + StoreSeries.errorSeries.map { ($0, $0.replacingOccurrences(of: "_per_second", with: "_total")) }
        for (store, exported) in counters {
            result.append(Query(storeName: store, expression: "rate(\(exported)\(window))", fromCounter: true))
        }
        for gauge in [StoreSeries.up, StoreSeries.adminUp, StoreSeries.speed, StoreSeries.memberFrames] {
            result.append(Query(storeName: gauge, expression: "avg_over_time(\(gauge)\(window))", fromCounter: false))
        }
        result.append(Query(storeName: StoreSeries.routeServerSessions,
                            expression: "max_over_time(\(StoreSeries.routeServerSessions)\(window))", fromCounter: false))
        return result
    }

    /// A reader of the Prometheus at `baseURL`.
    public init(baseURL: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// Reads every series, ending at `end` (seconds since the epoch).
    public func read(end: Double) async throws(HealthReportMaker.Failure) -> ImportPlan {
        let stepSeconds = Double(step)
        // Values at end, end − step, …: the newest hour is in, however short the history.
        let last = end.rounded(.down)
        let first = last - (span / stepSeconds).rounded(.down) * stepSeconds
        var collected: [SeriesKey: (timestamps: [Double], values: [Double], fromCounter: Bool)] = [:]
        for query in queries {
            var start = first
            while start <= last {
                let stop = min(last, start + Double(pointsPerRequest - 1) * stepSeconds)
                let matrix = try await queryRange(query.expression, start: start, end: stop)
                for series in matrix {
                    let key = Self.storeKey(name: query.storeName, labels: series.metric)
                    var entry = collected[key] ?? ([], [], query.fromCounter)
                    for point in series.values {
                        // A series the same key already had at this time (two jobs scraping one
                        // agent): keep the first.
                        if let previous = entry.timestamps.last, point.time <= previous { continue }
                        entry.timestamps.append(point.time)
                        entry.values.append(point.value)
                    }
                    collected[key] = entry
                }
                start = stop + stepSeconds
            }
        }
        let series = collected.map { key, entry in
            ImportPlan.Series(key: key, timestamps: entry.timestamps, values: entry.values, fromCounter: entry.fromCounter)
        }
        return ImportPlan(series: series, source: baseURL)
    }

    /// The store key of a series Prometheus returned: the store's name, its labels without the
    /// ones a scrape adds, and `member_asn` present (Prometheus drops empty labels; the agent
    /// stores an unmapped port's as "").
    static func storeKey(name: String, labels: [String: String]) -> SeriesKey {
        var kept = labels
        for added in ["__name__", "job", "instance"] { kept[added] = nil }
        if name.hasPrefix("ixp_interface_"), kept["member_asn"] == nil { kept["member_asn"] = "" }
        return SeriesKey(name: name, labels: kept)
    }

    private func queryRange(_ expression: String, start: Double, end: Double)
        async throws(HealthReportMaker.Failure) -> [PrometheusMatrixSeries]
    {
        var components = URLComponents()
        components.queryItems = [
            URLQueryItem(name: "query", value: expression),
            URLQueryItem(name: "start", value: String(Int(start))),
            URLQueryItem(name: "end", value: String(Int(end))),
            URLQueryItem(name: "step", value: "\(step)s"),
        ]
        // '+' is a space in a query string: encode it.
        let query = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        let url = "\(baseURL)/api/v1/query_range?\(query)"
        let data: Data
        do {
            data = try await MemberListSource(location: url, timeout: timeout, maxBytes: maxBytes).loadData()
        } catch {
            throw HealthReportMaker.Failure("Prometheus at \(baseURL): \(expression): \(error.message)")
        }
        let response: PrometheusQueryResponse
        do {
            response = try JSONDecoder().decode(PrometheusQueryResponse.self, from: data)
        } catch {
            throw HealthReportMaker.Failure("Prometheus at \(baseURL): \(expression): not a Prometheus API response (\(error))")
        }
        guard response.status == "success", let result = response.data?.result else {
            throw HealthReportMaker.Failure(
                "Prometheus at \(baseURL): \(expression): \(response.errorType ?? "error"): \(response.error ?? "no data")")
        }
        return result
    }
}
