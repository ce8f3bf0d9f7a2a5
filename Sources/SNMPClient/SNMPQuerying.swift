/// The SNMP operations a probe makes: GET of a few objects and a bulk walk of table columns.
/// `SNMPPollEngine` answers them from real agents; a test answers them from memory
/// (`SNMPClientTesting.FakeSNMPAgent`), so the SNMP probes can be tested without an snmpd.
public protocol SNMPQuerying: Sendable {
    /// GETs `oids` from `target` in one PDU; an object the agent does not have comes back as
    /// `.noSuchObject` or `.noSuchInstance`.
    func get(_ oids: [OID], on target: SNMPTarget) async throws(SNMPError) -> [SNMPVarBind]
    /// Walks `columns` of `target` together; each column's entries in increasing index order.
    func walk(_ columns: [OID], on target: SNMPTarget) async throws(SNMPError) -> SNMPTableWalk
}

extension SNMPPollEngine: SNMPQuerying {}
