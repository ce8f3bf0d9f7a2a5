import Foundation
import Hummingbird
import TimeSeries

/// The history endpoints over the time-series store:
/// - `GET /api/v1/series?name=N[&label=value…]`: the series of metric N (matching the labels);
/// - `GET /api/v1/query_range?name=N&label=value…&start=T&end=T[&function=average|minimum|maximum|last]`:
///   one series' values at the finest tier that covers the range;
/// - `GET /api/v1/sum_range?name=N[&label=value…]&start=T&end=T`: the sum over every matching
///   series (aggregate exchange traffic, a member's traffic).
///
/// Times are Unix seconds; `end` defaults to now and `start` to an hour before `end`. Unknown
/// values are `null`. Bad parameters answer 400 with a message.
enum HistoryAPI {
    static let reserved: Set<String> = ["name", "start", "end", "function"]

    struct BadRequest: Error {
        var message: String
    }

    struct RangeDocument: Encodable {
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
            respond {
                let selector = try selector(from: request)
                let keys = store.keys(matching: selector)
                return ["series": keys.map { ["name": $0.name, "labels": $0.labelDictionary] as [String: Any] }]
            }
        }
        router.get("/api/v1/query_range") { request, _ -> Response in
            respond {
                let selector = try selector(from: request)
                let (start, end) = try window(from: request, now: clock())
                let function = try consolidation(from: request)
                let key = SeriesKey(name: selector.name, labels: selector.matching)
                guard let range = store.query(key, from: start, to: end, function: function) else {
                    throw BadRequest(message: "no series \(key)")
                }
                return document(name: key.name, labels: key.labelDictionary, range: range)
            }
        }
        router.get("/api/v1/sum_range") { request, _ -> Response in
            respond {
                let selector = try selector(from: request)
                let (start, end) = try window(from: request, now: clock())
                let function = try consolidation(from: request)
                guard let range = store.sum(of: selector, from: start, to: end, function: function) else {
                    throw BadRequest(message: "no series match \(selector.name) \(selector.matching)")
                }
                return document(name: selector.name, labels: selector.matching, range: range)
            }
        }
    }

    private static func document(name: String, labels: [String: String], range: SeriesRange) -> [String: Any] {
        [
            "name": name, "labels": labels, "start": range.start, "step": range.step, "tier": range.tier,
            "function": range.function.rawValue,
            "values": range.values.map { $0.isNaN ? NSNull() : $0 as Any },
        ]
    }

    private static func selector(from request: Request) throws -> SeriesSelector {
        let parameters = request.uri.queryParameters
        guard let name = parameters["name"].map(String.init), !name.isEmpty else {
            throw BadRequest(message: "give the metric name: ?name=ixp_interface_receive_bytes_per_second")
        }
        var matching: [String: String] = [:]
        for (key, value) in parameters where !reserved.contains(String(key)) {
            matching[String(key)] = String(value)
        }
        return SeriesSelector(name: name, matching: matching)
    }

    private static func window(from request: Request, now: Double) throws -> (Double, Double) {
        let parameters = request.uri.queryParameters
        func time(_ key: String) throws -> Double? {
            guard let text = parameters[Substring(key)] else { return nil }
            guard let value = Double(String(text)), value.isFinite else {
                throw BadRequest(message: "\(key) must be Unix seconds, got '\(text)'")
            }
            return value
        }
        let end = try time("end") ?? now
        let start = try time("start") ?? end - 3600
        guard start < end else { throw BadRequest(message: "start must be before end") }
        return (start, end)
    }

    private static func consolidation(from request: Request) throws -> ConsolidationFunction {
        guard let text = request.uri.queryParameters["function"] else { return .average }
        guard let function = ConsolidationFunction(rawValue: String(text)) else {
            throw BadRequest(message: "function must be one of \(ConsolidationFunction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return function
    }

    private static func respond(_ body: () throws -> [String: Any]) -> Response {
        do {
            let object = try body()
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        } catch let error as BadRequest {
            let data = (try? JSONSerialization.data(withJSONObject: ["error": error.message])) ?? Data()
            return Response(status: .badRequest, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            return Response(status: .internalServerError, body: ResponseBody(byteBuffer: ByteBuffer(string: "\(error)")))
        }
    }
}
