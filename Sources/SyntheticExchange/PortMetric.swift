/// The per-port series the agent stores, with their names in the store and in OpenMetrics.
public enum PortMetric: Int, Sendable, Hashable, CaseIterable, Codable {
    /// Bytes from the member into the exchange: `ixp_interface_receive_bytes_per_second`.
    case receiveBytes
    /// Bytes from the exchange to the member: `ixp_interface_transmit_bytes_per_second`.
    case transmitBytes
    /// Operational status, 0/1: `ixp_interface_up`.
    case up
    /// Administrative status, 0/1: `ixp_interface_admin_up`.
    case adminUp
    /// Port speed in bytes/s: `ixp_interface_speed_bytes`.
    case speed
    /// Receive errors: `ixp_interface_receive_errors_per_second`.
    case receiveErrors
    /// Receive discards: `ixp_interface_receive_discards_per_second`.
    case receiveDiscards

    /// Whether the switch exposes it as a counter (stored as a per-second rate).
    public var isCounter: Bool {
        switch self {
        case .receiveBytes, .transmitBytes, .receiveErrors, .receiveDiscards: true
        case .up, .adminUp, .speed: false
        }
    }

    /// The OpenMetrics family name (`x` of `x_total` for counters).
    public var familyName: String {
        switch self {
        case .receiveBytes: "ixp_interface_receive_bytes"
        case .transmitBytes: "ixp_interface_transmit_bytes"
        case .up: "ixp_interface_up"
        case .adminUp: "ixp_interface_admin_up"
        case .speed: "ixp_interface_speed_bytes"
        case .receiveErrors: "ixp_interface_receive_errors"
        case .receiveDiscards: "ixp_interface_receive_discards"
        }
    }

    /// The sample name in OpenMetrics (`…_total` for counters).
    public var sampleName: String { isCounter ? familyName + "_total" : familyName }

    /// The name of the series in the store (`…_per_second` for counters, as the importer names them).
    public var storeName: String { isCounter ? familyName + "_per_second" : familyName }

    /// The OpenMetrics unit, if the name carries one.
    public var unit: String? {
        switch self {
        case .receiveBytes, .transmitBytes, .speed: "bytes"
        default: nil
        }
    }

    /// The OpenMetrics HELP text.
    public var help: String {
        switch self {
        case .receiveBytes: "Bytes received on the port from the member (into the exchange)."
        case .transmitBytes: "Bytes transmitted on the port to the member."
        case .up: "1 if the port is operationally up."
        case .adminUp: "1 if the port is administratively up."
        case .speed: "Port speed in bytes per second."
        case .receiveErrors: "Inbound packets with errors."
        case .receiveDiscards: "Inbound packets discarded."
        }
    }
}
