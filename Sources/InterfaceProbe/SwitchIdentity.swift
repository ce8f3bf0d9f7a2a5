public import SNMPClient

/// What a switch says it is: its software and model, from the chassis's ENTITY-MIB
/// `entPhysicalSoftwareRev` and `entPhysicalModelName` where it has them, else from `sysDescr`.
/// The probe writes it as `ixp_switch_info{switch, software, model} 1`, as node_exporter writes
/// `node_uname_info`: a new series key is a software or hardware change.
public struct SwitchIdentity: Sendable, Hashable {
    /// The software, e.g. `4.28.3M` or the first line of sysDescr; never empty.
    public var software: String
    /// The model, e.g. `DCS-7280SR-48C6`; empty when the switch does not say.
    public var model: String

    /// The longest label value kept: a description is cut there, so the key stays bounded.
    static let maximumLength = 200

    /// An identity.
    public init(software: String, model: String) {
        self.software = software
        self.model = model
    }

    /// The identity from `sysDescr` and the chassis's software revision and model name (nil
    /// when not read); nil when none of them gives a software.
    public init?(sysDescr: SNMPValue?, softwareRevision: SNMPValue? = nil, modelName: SNMPValue? = nil) {
        let software = Self.text(softwareRevision) ?? Self.text(sysDescr)
        guard let software else { return nil }
        self.init(software: software, model: Self.text(modelName) ?? "")
    }

    /// The first non-empty line of an octet string, trimmed and cut at `maximumLength`
    /// characters; nil for anything else or nothing printable.
    static func text(_ value: SNMPValue?) -> String? {
        guard case .octets(let bytes)? = value else { return nil }
        let decoded = String(decoding: bytes, as: UTF8.self)
        let lines = decoded.unicodeScalars.split { $0 == "\n" || $0 == "\r" }
        for line in lines {
            // Control characters become spaces; spaces around the line are dropped.
            let cleaned = String(String.UnicodeScalarView(line.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
            let trimmed = cleaned.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
            if !trimmed.isEmpty { return String(String(trimmed).prefix(maximumLength)) }
        }
        return nil
    }

    /// The ifIndex-like entPhysicalIndex of the first chassis (entPhysicalClass 3) in a walk of
    /// `IFMIB.entPhysicalClass`, if any.
    static func chassisIndex(_ walk: SNMPTableWalk) -> [UInt32]? {
        walk.entries(of: IFMIB.entPhysicalClass).first { entry in
            if case .integer(3) = entry.value { return true }
            return false
        }?.index
    }
}
