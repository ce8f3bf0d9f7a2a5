import Foundation
import Synchronization
@testable import TimeSeries

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let time: Mutex<Double>
    init(_ start: Double) { time = Mutex(start) }
    var now: Double { time.withLock { $0 } }
    func set(_ value: Double) { time.withLock { $0 = value } }
    func advance(_ seconds: Double) { time.withLock { $0 += seconds } }
    var function: @Sendable () -> Double { { [self] in self.now } }
}

/// A fresh empty directory under the system temporary directory, removed by `cleanup`.
func makeTemporaryDirectory(_ name: String = #function) throws -> URL {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("ts-tests-\(safe)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func cleanup(_ url: URL) { try? FileManager.default.removeItem(at: url) }

/// A small configuration for exact checks: raw 10 s × 6 rows; 30 s × 4 rows (avg/min/max/last).
func smallConfiguration(xff: Double = 0.5, maxSeries: Int = 10) -> StoreConfiguration {
    var configuration = StoreConfiguration()
    configuration.tiers = [
        Tier(name: "raw", step: 10, rows: 6, functions: [.average]),
        Tier(name: "30s", step: 30, rows: 4, functions: [.average, .minimum, .maximum, .last]),
    ]
    configuration.xFilesFactor = xff
    configuration.maxSeries = maxSeries
    return configuration
}

/// Compares arrays where NaN equals NaN.
func sameValues(_ lhs: [Double], _ rhs: [Double]) -> Bool {
    lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { ($0.isNaN && $1.isNaN) || $0 == $1 }
}

let keyA = SeriesKey(name: "ixp_interface_receive_bits_per_second", labels: ["switch": "sw1", "interface": "Ethernet1"])
let keyB = SeriesKey(name: "ixp_interface_receive_bits_per_second", labels: ["switch": "sw1", "interface": "Ethernet2"])
let keyC = SeriesKey(name: "ixp_interface_receive_bits_per_second", labels: ["switch": "sw2", "interface": "Ethernet1"])
