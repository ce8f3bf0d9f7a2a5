/// One of the switch's interfaces as the table poller joins rows to it: the IF-MIB columns it
/// can be found by, and the labels the IF-MIB probe gives it.
public struct SNMPTableInterface: Sendable, Hashable {
    /// ifIndex.
    public var ifIndex: UInt32
    /// ifName.
    public var name: String
    /// ifAlias.
    public var alias: String
    /// ifDescr.
    public var descr: String
    /// The `interface` label, as the IF-MIB probe writes it (unique on the switch).
    public var label: String
    /// The member the port belongs to, when it is mapped.
    public var memberASN: UInt32?

    /// Creates an interface.
    public init(ifIndex: UInt32, name: String, alias: String = "", descr: String = "", label: String? = nil,
                memberASN: UInt32? = nil) {
        self.ifIndex = ifIndex
        self.name = name
        self.alias = alias
        self.descr = descr
        self.label = label ?? name
        self.memberASN = memberASN
    }
}
