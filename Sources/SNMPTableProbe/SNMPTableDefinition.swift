/// A declarative SNMP probe (`Probes/*.yaml`): MIB tables named by OID, their columns, and the
/// metrics the columns become. Data for an SNMP table poller, not code: an operator adds a MIB
/// without recompiling. This is the definition format and its validation; the poller that walks
/// the tables on the poll engine is still to come.
public struct SNMPTableDefinition: Sendable, Hashable {
    /// One walked table.
    public struct Table: Sendable, Hashable {
        /// The table's name in its MIB, e.g. `entPhySensorTable`.
        public var name: String
        /// The OID of the table's entry (`…Entry`); column N is `oid.N`.
        public var oid: [UInt32]
        /// The index components, in order, each one integer sub-identifier.
        public var index: [String]
        /// The columns read, by name.
        public var columns: [String: Column]
        /// The metrics made from the rows.
        public var metrics: [Metric]
    }

    /// One column of a table.
    public struct Column: Sendable, Hashable {
        /// How a value is read.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            /// A number (INTEGER, Gauge32, Unsigned32).
            case integer
            /// A Counter32 or Counter64: wraps, resets and discontinuities are handled as for IF-MIB.
            case counter
            /// Text (DisplayString).
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
        }

        /// The full name, e.g. `ixp_optics_sensor_value`; counters end in `_total`.
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
        /// Label name → an index component or a column of the same row.
        public var labels: [String: String]
        /// The index component that is an ifIndex, or that maps to one through a column of
        /// ENTITY-MIB's entAliasMappingTable: the row then gets the interface's labels
        /// (`switch`, `interface`, `member_asn`) as the IF-MIB probe names them.
        public var interface: InterfaceJoin?
    }

    /// How a row is joined to an interface.
    public struct InterfaceJoin: Sendable, Hashable {
        /// The index component to join on.
        public var index: String
        /// `ifIndex`: the component is the ifIndex; `entAliasMapping`: it is an
        /// entPhysicalIndex, mapped to the ifIndex by entAliasMappingIdentifier.
        public var via: String
    }

    /// The probe's name, as `switches[].probes` lists it (`optics`, `lldp`).
    public var name: String
    /// What it measures, for `check-config` and the documentation.
    public var description: String
    /// The tables it walks.
    public var tables: [Table]
}
