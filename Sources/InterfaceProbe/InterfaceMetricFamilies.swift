import ProbeKit
import IXPCore

/// Collects the per-interface metric families of one poll.
struct InterfaceMetricFamilies {
    private var byName: [String: MetricFamily] = [:]
    private var order: [String] = []

    private static let help: [String: String] = [
        "ixp_interface_receive_bytes_total": "Bytes received on the port (ifHCInOctets, or ifInOctets with wraps unwrapped).",
        "ixp_interface_transmit_bytes_total": "Bytes sent on the port (ifHCOutOctets, or ifOutOctets with wraps unwrapped).",
        "ixp_interface_receive_packets_total": "Packets received on the port by cast.",
        "ixp_interface_transmit_packets_total": "Packets sent on the port by cast.",
        "ixp_interface_receive_errors_total": "Inbound packets with errors (ifInErrors).",
        "ixp_interface_transmit_errors_total": "Outbound packets with errors (ifOutErrors).",
        "ixp_interface_receive_discards_total": "Inbound packets discarded (ifInDiscards).",
        "ixp_interface_transmit_discards_total": "Outbound packets discarded (ifOutDiscards).",
        "ixp_interface_up": "1 when ifOperStatus is up, else 0.",
        "ixp_interface_admin_up": "1 when ifAdminStatus is up, else 0.",
        "ixp_interface_speed_bytes": "Port speed in bytes per second (ifHighSpeed, else ifSpeed, divided by 8), as node_network_speed_bytes.",
        "ixp_interface_hc_counters": "1 when the byte and packet counters are the 64-bit ifHC* ones, 0 when the port falls back to 32-bit counters.",
    ]

    private mutating func append(_ name: String, _ kind: MetricFamily.Kind, _ sample: MetricSample) {
        if byName[name] == nil {
            byName[name] = MetricFamily(name: name, help: Self.help[name] ?? "", kind: kind)
            order.append(name)
        }
        byName[name]?.samples.append(sample)
    }

    mutating func add(update: InterfaceCounterTracker.Update, reading: InterfaceReading, labels: InterfaceLabels,
                      base: [(String, String)]) {
        let baseLabels = base.map { (name: $0.0, value: $0.1) }
        for counter in InterfaceCounter.allCases {
            guard let total = update.total(counter) else { continue }
            var sampleLabels = baseLabels
            if let cast = counter.cast { sampleLabels.append((name: "cast", value: cast)) }
            append(counter.metricName, .counter, MetricSample(labels: sampleLabels, value: Double(total)))
        }
        append("ixp_interface_up", .gauge, MetricSample(labels: baseLabels, value: reading.operStatus == 1 ? 1 : 0))
        if let adminUp = labels.adminUp {
            append("ixp_interface_admin_up", .gauge, MetricSample(labels: baseLabels, value: adminUp ? 1 : 0))
        }
        if let speed = labels.speedBitsPerSecond {
            append("ixp_interface_speed_bytes", .gauge, MetricSample(labels: baseLabels, value: speed / 8))
        }
        append("ixp_interface_hc_counters", .gauge,
               MetricSample(labels: baseLabels, value: reading.usesHighCapacity ? 1 : 0))
    }

    var families: [MetricFamily] { order.compactMap { byName[$0] } }
}
