import Foundation
import InterfaceProbe
import SNMPClient

/// Renders what `ixp-health poll` found.
enum PollReport {
    /// One interface in the JSON output.
    struct Interface: Codable {
        var index: UInt32
        var name: String
        var descr: String
        var alias: String
        var speed_bits: Double?
        var oper_status: Int?
        var admin_up: Bool?
        var counter_bits: Int
        var counters: [String: UInt64]
    }

    /// The whole JSON document.
    struct Document: Codable {
        var target: String
        var sys_uptime_ticks: UInt32?
        var interfaces: [Interface]
        var requests: Int
        var values: Int
    }

    static func interfaces(_ snapshot: InterfaceTableSnapshot) -> [Interface] {
        snapshot.readings.map { reading in
            let labels = snapshot.labels[reading.index] ?? InterfaceLabels(index: reading.index)
            var counters: [String: UInt64] = [:]
            for counter in InterfaceCounter.allCases {
                if let value = reading[counter] { counters[counter.shortName] = value.value }
            }
            return Interface(index: reading.index, name: labels.name, descr: labels.descr, alias: labels.alias,
                             speed_bits: labels.speedBitsPerSecond, oper_status: reading.operStatus,
                             admin_up: labels.adminUp, counter_bits: reading.usesHighCapacity ? 64 : 32,
                             counters: counters)
        }
    }

    static func json(_ snapshot: InterfaceTableSnapshot, target: SNMPTarget) -> String {
        let document = Document(target: target.displayName, sys_uptime_ticks: snapshot.sysUpTime,
                                interfaces: interfaces(snapshot), requests: snapshot.counterWalk.requests,
                                values: snapshot.counterWalk.valueCount)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(document) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func table(_ snapshot: InterfaceTableSnapshot) -> String {
        let header = ["index", "name", "alias", "speed", "oper", "bits", "in_bytes", "out_bytes", "in_ucast", "in_mcast",
                      "in_bcast", "out_ucast", "out_mcast", "out_bcast", "in_err", "out_err", "in_disc", "out_disc"]
        let order: [InterfaceCounter] = [.receiveBytes, .transmitBytes, .receiveUnicastPackets, .receiveMulticastPackets,
                                         .receiveBroadcastPackets, .transmitUnicastPackets, .transmitMulticastPackets,
                                         .transmitBroadcastPackets, .receiveErrors, .transmitErrors, .receiveDiscards,
                                         .transmitDiscards]
        var rows = [header]
        for reading in snapshot.readings {
            let labels = snapshot.labels[reading.index] ?? InterfaceLabels(index: reading.index)
            var row = [String(reading.index), labels.displayName, labels.alias, speedText(labels.speedBitsPerSecond),
                       operText(reading.operStatus), reading.usesHighCapacity ? "64" : "32"]
            row += order.map { reading[$0].map { String($0.value) } ?? "-" }
            rows.append(row)
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for row in rows {
            text += row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column <= 2 ? cell + padding : padding + cell
            }.joined(separator: "  ") + "\n"
        }
        return text
    }

    static func speedText(_ bits: Double?) -> String {
        guard let bits else { return "-" }
        if bits >= 1e9 { return "\(formatted(bits / 1e9))G" }
        if bits >= 1e6 { return "\(formatted(bits / 1e6))M" }
        return "\(Int(bits))"
    }

    private static func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func operText(_ status: Int?) -> String {
        switch status {
        case 1: return "up"
        case 2: return "down"
        case 3: return "testing"
        case 5: return "dormant"
        case 6: return "notPresent"
        case 7: return "lowerDown"
        case nil: return "-"
        default: return "unknown"
        }
    }
}
