import Foundation
@testable import TimeSeries

/// A small state directory written by the store's first on-disk format (format 1: every ring
/// as plain Float64 rows), committed under `Fixtures/format1-state` with the query results that
/// code gave (`expected.json`), so that migrating it to the current format can be checked.
/// `FormatOneFixtureTests.regenerate` (disabled) wrote it with the format-1 code.
enum FormatOneFixture {
    /// Where the committed fixture lies.
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/format1-state")
    }

    /// Tiers small enough for a small file, with rings that wrap and rows that are not a
    /// multiple of anything in particular.
    static var configuration: StoreConfiguration {
        var configuration = StoreConfiguration()
        configuration.tiers = [
            Tier(name: "raw", step: 60, rows: 150, functions: [.average]),
            Tier(name: "5m", step: 300, rows: 310, functions: [.average, .minimum, .maximum]),
            Tier(name: "1h", step: 3600, rows: 50, functions: [.average, .maximum]),
            Tier(name: "1d", step: 86400, rows: 7, functions: [.average, .maximum, .last]),
        ]
        configuration.maxSeries = 16
        return configuration
    }

    static let start: Double = 1_700_000_000
    /// Samples (minutes) before the snapshot, and after it (in the change log).
    static let snapshotMinutes = 3 * 1440
    static let logMinutes = 200

    static let keys: [SeriesKey] = [
        SeriesKey(name: "ixp_interface_receive_bytes_per_second", labels: ["switch": "sw1", "interface": "busy"]),
        SeriesKey(name: "ixp_interface_receive_bytes_per_second", labels: ["switch": "sw1", "interface": "idle"]),
        SeriesKey(name: "ixp_interface_receive_bytes_per_second", labels: ["switch": "sw1", "interface": "constant"]),
        SeriesKey(name: "ixp_interface_errors_per_second", labels: ["switch": "sw1", "interface": "gappy"]),
    ]

    /// The value of series `series` at minute `minute`; nil = no sample that minute.
    static func value(series: Int, minute: Int) -> Double? {
        var state = UInt64(truncatingIfNeeded: minute &* 7919 &+ series &* 104_729) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 29
        let noise = Double(state % 10_000) / 10_000
        switch series {
        case 0: return 1.2e8 * (1.2 + sin(Double(minute) / 1440 * 2 * .pi)) * (0.9 + 0.2 * noise)
        case 1: return 0
        case 2: return 1500
        default:
            if minute % 700 < 130 { return nil }          // a long outage
            if minute % 53 == 0 { return .nan }            // an explicit unknown
            return (noise * 40).rounded()
        }
    }

    /// Appends minutes `range` of every series to `store`.
    static func feed(_ store: TimeSeriesStore, minutes range: Range<Int>, clock: TestClock) {
        for minute in range {
            clock.set(start + Double(minute) * 60 + 2)
            for series in keys.indices {
                guard let value = value(series: series, minute: minute) else { continue }
                store.append(keys[series], timestamp: start + Double(minute) * 60 + 1.5, value: value)
            }
        }
    }

    /// Every tier and function of every key over the whole history, as JSON-friendly rows
    /// (NaN written as nil).
    static func everything(_ store: TimeSeriesStore) -> [String: [Double?]] {
        var result: [String: [Double?]] = [:]
        for (index, key) in keys.enumerated() {
            for (tier, definition) in configuration.tiers.enumerated() {
                for function in definition.functions {
                    let range = store.query(key, tier: tier, from: start - 86400, to: start + Double(snapshotMinutes + logMinutes) * 60 + 86400, function: function)
                    result["\(index)/\(tier)/\(function.rawValue)"] = (range?.values ?? []).map { $0.isNaN ? nil : $0 }
                }
            }
        }
        return result
    }
}
