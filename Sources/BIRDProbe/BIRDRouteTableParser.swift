public import ProbeKit

/// Reads the route server's tables: `show route count` (how many networks each table holds,
/// counted by BIRD itself, cheap on a full table) and `show route primary` (one line per
/// network, its best route, whose `[AS65001i]` is the last ASN of the AS path: the origin).
public enum BIRDRouteTableParser {
    /// What one table holds: its distinct networks (prefixes) and, when `show route primary`
    /// was read, the distinct origin ASNs of their best routes.
    public struct Table: Sendable, Hashable {
        /// The table's name, e.g. `master4`.
        public var name: String
        /// Distinct networks (prefixes) with an accepted route.
        public var networks: Int

        /// Table `name` with `networks` networks.
        public init(name: String, networks: Int) {
            self.name = name
            self.networks = networks
        }
    }

    /// The tables of a `show route count` reply: each line
    /// `4 of 4 routes for 3 networks in table master4`; the `Total:` line is skipped.
    public static func counts(_ reply: BIRDReply) -> [Table] {
        var tables: [Table] = []
        for line in reply.lines {
            let words = line.text.split(separator: " ", omittingEmptySubsequences: true)
            // N of M routes for K networks in table NAME
            guard words.count == 10, words[1] == "of", words[3] == "routes", words[6] == "networks",
                  words[8] == "table", let networks = Int(words[5]) else { continue }
            tables.append(Table(name: String(words[9]), networks: networks))
        }
        return tables
    }

    /// Per table of a `show route primary` reply (`Table master4:` then one line per network),
    /// the distinct origin ASNs of the best routes. A route without an origin ASN (a static
    /// route, or an AS path ending in an AS_SET: `[i]`) counts in none.
    public static func originASNs(_ reply: BIRDReply) -> [String: Set<UInt32>] {
        var result: [String: Set<UInt32>] = [:]
        var table: String?
        for line in reply.lines {
            let text = line.text
            if text.hasPrefix("Table "), text.hasSuffix(":") {
                let name = String(text.dropFirst(6).dropLast())
                table = name
                if result[name] == nil { result[name] = [] }
                continue
            }
            guard let table, let asn = origin(text) else { continue }
            result[table, default: []].insert(asn)
        }
        return result
    }

    /// The origin ASN of a route line: the number in its last `[AS…x]` bracket.
    public static func origin(_ text: String) -> UInt32? {
        guard text.hasSuffix("]"), let open = text.lastIndex(of: "[") else { return nil }
        let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard inner.hasPrefix("AS") else { return nil }
        let digits = inner.dropFirst(2).prefix { $0.isASCII && $0.isNumber }
        return UInt32(digits)
    }
}
