import Foundation
import Hummingbird
import TimeSeries
import HTTPListener

/// The history endpoints over the time-series store:
/// - `GET /api/v1/series?name=N[&label=value…][&limit=L&offset=O]`: the series of metric N
///   (matching the labels), sorted, paginated (1,000 a page by default, at most 10,000);
/// - `GET /api/v1/query_range?name=N&label=value…&start=T&end=T[&function=average|minimum|maximum|last]`:
///   one series' values at the finest tier that covers the range;
/// - `GET /api/v1/sum_range?name=N[&label=value…]&start=T&end=T`: the sum over every matching
///   series (aggregate exchange traffic, a member's traffic).
///
/// Times are Unix seconds; `end` defaults to now and `start` to an hour before `end`. Unknown
/// values are `null`. Bad parameters answer 400, a series that does not exist 404, both as
/// Hummingbird's `HTTPError` JSON.
enum HistoryAPI {
    /// Query parameters that are not label matchers.
    static let reserved: Set<String> = ["name", "start", "end", "function", "limit", "offset"]

    /// One series: its metric name and labels.
    struct SeriesDocument: Codable, Sendable, Hashable {
        var name: String
        var labels: [String: String]
    }

    /// A page of `/api/v1/series`.
    struct SeriesListDocument: Codable, Sendable, Hashable {
        var series: [SeriesDocument]
        var page: PageInfo
    }

    /// The values of one series, or of a sum, over a range: `values[i]` covers
    /// `start + i * step ..< start + (i + 1) * step`; `null` where nothing is known.
    struct RangeDocument: Codable, Sendable, Hashable {
        var name: String
        var labels: [String: String]
        var start: Double
        var step: Double
        var tier: Int
        var function: String
        var values: [Double?]
    }

    static func register(on router: Router<BasicRequestContext>, store: TimeSeriesStore,
                         clock: @escaping @Sendable () -> Double) {
        router.get("/api/v1/series") { request, _ -> Response in
            let selector = try selector(from: request)
            let page = try PageRequest(request)
            let keys = store.keys(matching: selector).map { ($0.description, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
            let (slice, info) = page.slice(keys)
            return try JSONResponse.make(SeriesListDocument(
                series: slice.map { SeriesDocument(name: $0.name, labels: $0.labelDictionary) }, page: info))
        }
        router.get("/api/v1/query_range") { request, _ -> Response in
            let selector = try selector(from: request)
            let (start, end) = try window(from: request, now: clock())
            let function = try consolidation(from: request)
            let key = SeriesKey(name: selector.name, labels: selector.matching)
            guard let range = store.query(key, from: start, to: end, function: function) else {
                throw HTTPError(.notFound, message: "no series \(key); /api/v1/series?name=\(key.name) lists them")
            }
            return try JSONResponse.make(document(name: key.name, labels: key.labelDictionary, range: range))
        }
        router.get("/api/v1/sum_range") { request, _ -> Response in
            let selector = try selector(from: request)
            let (start, end) = try window(from: request, now: clock())
            let function = try consolidation(from: request)
            guard let range = store.sum(of: selector, from: start, to: end, function: function) else {
                throw HTTPError(.notFound, message: "no series match \(selector.name) \(selector.matching)")
            }
            return try JSONResponse.make(document(name: selector.name, labels: selector.matching, range: range))
        }
    }

    static func document(name: String, labels: [String: String], range: SeriesRange) -> RangeDocument {
        RangeDocument(name: name, labels: labels, start: range.start, step: range.step, tier: range.tier,
                      function: range.function.rawValue, values: range.values.map { $0.isFinite ? $0 : nil })
    }

    private static func selector(from request: Request) throws -> SeriesSelector {
        let parameters = request.uri.queryParameters
        guard let name = parameters["name"].map(String.init), !name.isEmpty else {
            throw HTTPError(.badRequest, message: "give the metric name: ?name=ixp_interface_receive_bytes_per_second")
        }
        var matching: [String: String] = [:]
        for (key, value) in parameters where !reserved.contains(String(key)) {
            matching[String(key)] = String(value)
        }
        return SeriesSelector(name: name, matching: matching)
    }

    static func window(from request: Request, now: Double) throws -> (Double, Double) {
        let parameters = request.uri.queryParameters
        func time(_ key: String) throws -> Double? {
            guard let text = parameters[Substring(key)] else { return nil }
            guard let value = Double(String(text)), value.isFinite else {
                throw HTTPError(.badRequest, message: "\(key) must be Unix seconds, got '\(text)'")
            }
            return value
        }
        let end = try time("end") ?? now
        let start = try time("start") ?? end - 3600
        guard start < end else { throw HTTPError(.badRequest, message: "start must be before end") }
        return (start, end)
    }

    private static func consolidation(from request: Request) throws -> ConsolidationFunction {
        guard let text = request.uri.queryParameters["function"] else { return .average }
        guard let function = ConsolidationFunction(rawValue: String(text)) else {
            throw HTTPError(.badRequest, message: "function must be one of \(ConsolidationFunction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return function
    }
}
