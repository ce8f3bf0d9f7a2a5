/// The device a probe speaks for, declared by the probe itself: the detector uses it to explain
/// findings by a failure of the probe (a switch that cannot be polled explains its ports'
/// findings) and to fold the failures of several probes of one switch into one.
public struct ProbeDevice: Sendable, Hashable, Codable {
    /// How much of the device the probe reads.
    public enum Coverage: String, Sendable, Hashable, Codable {
        /// The probe speaks for the whole switch (the IF-MIB probe): when it fails, the
        /// findings about the switch's ports are explained.
        case whole
        /// The probe reads a part of the switch (a declarative SNMP table probe): its failures
        /// are explained by a failure of the switch's own probe.
        case part
    }

    /// The switch's name, as the configuration gives it (`switches[].name`).
    public var switchName: String
    /// Whole switch, or a part of it.
    public var coverage: Coverage

    /// A device.
    public init(switchName: String, coverage: Coverage) {
        self.switchName = switchName
        self.coverage = coverage
    }

    /// A probe that speaks for the whole switch `name`.
    public static func wholeSwitch(_ name: String) -> ProbeDevice { ProbeDevice(switchName: name, coverage: .whole) }

    /// A probe that reads a part of the switch `name`.
    public static func partOfSwitch(_ name: String) -> ProbeDevice { ProbeDevice(switchName: name, coverage: .part) }
}
