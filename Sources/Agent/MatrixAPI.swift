import Foundation
import Hummingbird
import TimeSeries
import IXPCore
import HTTPListener

/// `GET /api/v1/matrix[?start=T&end=T][&limit=L&offset=O]`: the peering matrix the sFlow probe
/// keeps in the store: for each member pair it lists (and `other`, the pairs it does not), the
/// bytes sent from `src_asn` to `dst_asn` over the window and their average rate, largest
/// first. Times are Unix seconds; the window defaults to the last hour. An agent without an
/// sFlow probe answers an empty list.
enum MatrixAPI {
    /// One member pair's traffic.
    struct PairDocument: Codable, Sendable, Hashable {
        var src_asn: String
        var dst_asn: String
        var bytes: Double
        var average_bytes_per_second: Double
    }

    /// The response.
    struct MatrixDocument: Codable, Sendable, Hashable {
        var start: Double
        var end: Double
        var total_bytes: Double
        var items: [PairDocument]
        var page: PageInfo
    }

    static func register(on router: Router<BasicRequestContext>, store: TimeSeriesStore, clock: @escaping @Sendable () -> Double) {
        router.get("/api/v1/matrix") { request, _ -> Response in
            let (start, end) = try HistoryAPI.window(from: request, now: clock())
            let page = try PageRequest(request)
            return try JSONResponse.make(matrix(store: store, start: start, end: end, page: page))
        }
    }

    /// The matrix over `start...end`.
    static func matrix(store: TimeSeriesStore, start: Double, end: Double, page: PageRequest) -> MatrixDocument {
        let each = store.aggregateEach(.integral, of: SeriesSelector(name: StoreSeries.sflowPairBytes), from: start, to: end)
        let pairs = each.compactMap { key, result -> PairDocument? in
            guard result.value.isFinite, let source = key[label: "src_asn"], let destination = key[label: "dst_asn"] else { return nil }
            return PairDocument(src_asn: source, dst_asn: destination, bytes: result.value, average_bytes_per_second: result.value / (end - start))
        }.sorted { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : ($0.src_asn, $0.dst_asn) < ($1.src_asn, $1.dst_asn) }
        let (items, info) = page.slice(pairs)
        return MatrixDocument(start: start, end: end, total_bytes: pairs.reduce(0) { $0 + $1.bytes }, items: items, page: info)
    }
}
