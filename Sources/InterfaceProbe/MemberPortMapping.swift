/// Which member a switch port belongs to: set explicitly in the configuration, or read from
/// the port description (ifAlias), where IXPs commonly write `AS64500`.
public struct MemberPortMapping: Sendable, Hashable {
    /// Interface name (ifName, or ifDescr when ifName is empty) → member ASN.
    public var explicit: [String: UInt32]
    /// A regular expression over ifAlias whose first capture group is the ASN; nil disables it.
    public var aliasPattern: String?

    /// The default pattern: `AS` (any case, an optional hyphen or space) and 1–10 digits.
    public static let defaultAliasPattern = #"(?i)\bAS[- ]?([0-9]{1,10})\b"#

    /// Creates a mapping.
    public init(explicit: [String: UInt32] = [:], aliasPattern: String? = MemberPortMapping.defaultAliasPattern) {
        self.explicit = explicit
        self.aliasPattern = aliasPattern
    }

    /// Checks that the alias pattern compiles and has a capture group.
    public func validate() throws(MemberPortMappingError) {
        guard let aliasPattern else { return }
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(aliasPattern)
        } catch {
            throw MemberPortMappingError(message: "member_asn_pattern '\(aliasPattern)' is not a valid regular expression: \(error)")
        }
        _ = regex
        guard aliasPattern.contains("(") else {
            throw MemberPortMappingError(message: "member_asn_pattern '\(aliasPattern)' needs a capture group around the ASN digits")
        }
    }

    /// A resolver with the pattern compiled once, for one poll.
    public func resolver() -> Resolver {
        Resolver(explicit: explicit, regex: aliasPattern.flatMap { try? Regex($0) })
    }

    /// Resolves ports to member ASNs with a compiled pattern.
    public struct Resolver {
        let explicit: [String: UInt32]
        let regex: Regex<AnyRegexOutput>?

        /// The member ASN of an interface, or nil when the port is unmapped.
        public func asn(for labels: InterfaceLabels) -> UInt32? {
            if let asn = explicit[labels.name] ?? explicit[labels.displayName] ?? explicit[labels.descr] {
                return asn
            }
            guard let regex, !labels.alias.isEmpty,
                  let match = try? regex.firstMatch(in: labels.alias), match.output.count > 1,
                  let captured = match.output[1].substring, let asn = UInt32(captured), asn > 0 else {
                return nil
            }
            return asn
        }
    }
}

/// A member mapping that cannot work.
public struct MemberPortMappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    public var description: String { message }
}
