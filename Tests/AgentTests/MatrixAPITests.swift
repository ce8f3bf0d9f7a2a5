import Foundation
import Hummingbird
import HummingbirdTesting
import ProbeKit
import Testing
import TimeSeries
@testable import Agent
import IXPCore
import HTTPListener

/// `GET /api/v1/matrix`: the sFlow pair series read back as the peering matrix.
@Suite("peering matrix API")
struct MatrixAPITests {
    static let now = 1_000_000.0

    @Test func pairsLargestFirstWithTheirBytesAndPages() async throws {
        let now = Self.now
        let store = try TimeSeriesStore(directory: nil, clock: { now })
        let rates: [(String, String, Double)] = [("64501", "64502", 1_000), ("64502", "64501", 250), ("other", "other", 10)]
        for (source, destination, rate) in rates {
            let key = SeriesKey(name: "ixp_sflow_member_pair_bytes_per_second", labels: ["src_asn": source, "dst_asn": destination])
            for minute in 0..<10 { _ = store.append(key, timestamp: now - 600 + Double(minute) * 60, value: rate) }
        }
        let app = Application(router: AgentHTTPRouter.make(registry: MetricsRegistry(), store: store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/matrix?start=\(Int(now - 600))&end=\(Int(now))&limit=2", method: .get) { response in
                #expect(response.status == .ok)
                let matrix = try JSONResponse.decoder.decode(MatrixAPI.MatrixDocument.self, from: Data(response.body.readableBytesView))
                #expect(matrix.items.map { "\($0.src_asn)>\($0.dst_asn)" } == ["64501>64502", "64502>64501"])
                #expect(matrix.page.total == 3 && matrix.page.next_offset == 2)
                let first = try #require(matrix.items.first)
                // Rates integrate to bytes: 1,000 bytes/s over the minutes the window holds.
                #expect(first.bytes > 0 && first.bytes.truncatingRemainder(dividingBy: 60_000) == 0)
                #expect(abs(matrix.total_bytes - first.bytes * 1.26) < 1e-6 * matrix.total_bytes)
            }
            try await client.execute(uri: "/api/v1/matrix?start=later", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func anAgentWithoutSFlowAnswersAnEmptyMatrix() async throws {
        let now = Self.now
        let app = Application(router: AgentHTTPRouter.make(registry: MetricsRegistry(), store: try TimeSeriesStore(directory: nil, clock: { now })))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/matrix", method: .get) { response in
                #expect(response.status == .ok)
                let matrix = try JSONResponse.decoder.decode(MatrixAPI.MatrixDocument.self, from: Data(response.body.readableBytesView))
                #expect(matrix.items.isEmpty && matrix.total_bytes == 0)
            }
        }
    }
}
