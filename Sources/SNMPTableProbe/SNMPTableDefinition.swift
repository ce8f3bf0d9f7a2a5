/// A declarative SNMP probe (`Probes/*.yaml`): MIB tables named by OID, their columns, and the
/// metrics the columns become. Data for the SNMP table poller (`SNMPTableProbe`), not code: an
/// operator adds a MIB without recompiling.
public struct SNMPTableDefinition: Sendable, Hashable {
    /// One walked table.
    public struct Table: Sendable, Hashable {
        /// The table's name in its MIB, e.g. `entPhySensorTable`.
        public var name: String
        /// The OID of the table's entry (`…Entry`); column N is `oid.N`.
        public var oid: [UInt32]
        /// The index components, in order.
        public var index: [String]
        /// How each index component is encoded (absent: one integer sub-identifier).
        public var indexTypes: [String: IndexType] = [:]
        /// The columns read, by name.
        public var columns: [String: Column]
        /// The metrics made from the rows.
        public var metrics: [Metric]

        /// The full OID of a column.
        public func columnOID(_ column: Column) -> [UInt32] {
            column.oid ?? (oid + [column.subid])
        }
    }

    /// How an index component is encoded in the instance OID.
    public enum IndexType: String, Sendable, Hashable, CaseIterable {
        /// One sub-identifier (an ifIndex, an entPhysicalIndex).
        case integer
        /// Four sub-identifiers, an IPv4 address (BGP4-MIB's bgpPeerRemoteAddr).
        case ipv4

        /// Sub-identifiers it takes.
        public var width: Int { self == .ipv4 ? 4 : 1 }
    }

    /// One column of a table.
    public struct Column: Sendable, Hashable {
        /// How a value is read.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            /// A number (INTEGER, Gauge32, Unsigned32, TimeTicks).
            case integer
            /// A Counter32 or Counter64: wraps, resets and discontinuities are handled as for IF-MIB.
            case counter
            /// Text (DisplayString, IpAddress as dotted quad).
            case string
            /// Octets shown as hex, `00:1c:73:aa:bb:cc` (MAC addresses, chassis IDs).
            case hex
            /// An INTEGER with named values (`values`).
            case `enum`
        }

        /// The column's sub-identifier under the table's entry OID.
        public var subid: UInt32
        /// How its value is read.
        public var kind: Kind
        /// For `enum`: the names of its values.
        public var values: [Int: String]
        /// The full column OID when the column belongs to another table with the same index
        /// (ENTITY-MIB's entPhysicalDescr beside entPhySensorTable); nil: `oid.subid`.
        public var oid: [UInt32]?

        /// Creates a column.
        public init(subid: UInt32, kind: Kind, values: [Int: String] = [:], oid: [UInt32]? = nil) {
            self.subid = subid
            self.kind = kind
            self.values = values
            self.oid = oid
        }
    }

    /// One metric made from a table's rows.
    public struct Metric: Sendable, Hashable {
        /// The Prometheus type.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case gauge, counter
            /// Value 1; the labels carry the data (LLDP neighbours).
            case info
        }

        /// How a raw value becomes the metric's value.
        public enum Scale: Sendable, Hashable {
            /// Multiplied by a constant (e.g. 0.001 for milli-units).
            case factor(Double)
            /// ENTITY-SENSOR-MIB's own: value × 10^(3 × (scale column − 9)) ÷ 10^(precision column).
            case entitySensor(scaleColumn: String, precisionColumn: String)
            /// Multiplied by another column of the row (HOST-RESOURCES-MIB's hrStorageAllocationUnits).
            case column(String)
        }

        /// A unit conversion applied after scaling.
        public enum Conversion: String, Sendable, Hashable, CaseIterable {
            /// Watts to dBm: 10 × log10(W × 1000). A reading of 0 W or less is left out.
            case dbmFromWatts = "dbm_from_watts"
        }

        /// The full name, e.g. `ixp_optics_rx_power_dbm`; counters end in `_total`.
        public var name: String
        /// One line of help.
        public var help: String
        /// Its type.
        public var kind: Kind
        /// The column holding the value (nil for `info`).
        public var value: String?
        /// The unit, for the help text and the dashboard (`celsius`, `dbm`, `bytes`, …).
        public var unit: String?
        /// How the raw value is scaled (nil: as read).
        public var scale: Scale?
        /// A conversion after scaling (nil: none).
        public var convert: Conversion?
        /// Label name → an index component or a column of the same row.
        public var labels: [String: String]
        /// Label name → a regular expression over its source's text whose first capture group
        /// is the label's value (the whole text when the pattern has no group; empty when it
        /// does not match).
        public var labelPatterns: [String: String] = [:]
        /// Column or index component → a regular expression its text (an enum's value name)
        /// must match for the row to make a sample. Rows that do not match are left out.
        public var match: [String: String] = [:]
        /// For an info metric: the gauge, named here, that the poller writes per port (the
        /// interface join, else the index labels) with the time the port's data labels last
        /// changed and labels `previous` and `current`; the last value per port survives
        /// restarts in the state database (`ixp_lldp_neighbor_change_timestamp_seconds`).
        public var changes: String?
        /// How the row is joined to one of the switch's interfaces: the row then gets the
        /// interface's labels (`switch`, `interface`, `member_asn`) as the IF-MIB probe names them.
        public var interface: InterfaceJoin?
    }

    /// How a row is joined to an interface.
    public struct InterfaceJoin: Sendable, Hashable {
        /// The index component to join on (nil when `column` is given).
        public var index: String?
        /// The column to join on (nil when `index` is given).
        public var column: String?
        /// `ifIndex`: the value is the ifIndex; `entAliasMapping`: it is an entPhysicalIndex,
        /// mapped to the ifIndex by ENTITY-MIB's entAliasMappingIdentifier; `ifName`, `ifAlias`,
        /// `ifDescr`: the text equals that column of the switch's interface table.
        public var via: String
        /// A regular expression over the text whose first capture group is the value to join
        /// on (e.g. `for (\S+)$` over entPhysicalDescr "DOM RX Power Sensor for Ethernet5").
        public var pattern: String?

        /// The join kinds.
        public static let vias = ["ifIndex", "entAliasMapping", "ifName", "ifAlias", "ifDescr"]
    }

    /// The probe's name, as `switches[].probes` lists it (`optics`, `lldp`).
    public var name: String
    /// What it measures, for `check-config` and the documentation.
    public var description: String
    /// The tables it walks.
    public var tables: [Table]

    /// Whether some metric joins rows through ENTITY-MIB's entAliasMappingTable.
    public var usesEntAliasMapping: Bool {
        tables.contains { $0.metrics.contains { $0.interface?.via == "entAliasMapping" } }
    }

    /// Whether some metric joins rows to the switch's interfaces.
    public var joinsInterfaces: Bool {
        tables.contains { $0.metrics.contains { $0.interface != nil } }
    }
}
