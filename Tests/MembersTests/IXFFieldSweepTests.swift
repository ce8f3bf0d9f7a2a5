import Foundation
import Members
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every field of real IX-F exports removed, or given a value of the wrong type, one at a
/// time: the parser never crashes; a document without a usable `member_list` is an error that
/// names the source; an entry without a usable `asnum` is skipped and said so (never silently
/// lost); whatever it keeps is sane (AS numbers 1…2³²−1, speeds and prefix limits not negative,
/// addresses that are addresses). All failures are collected into one message per fixture.
@Suite("IX-F export field sweep")
struct IXFFieldSweepTests {
    /// The replacements tried on every field.
    static var replacements: [(name: String, value: Any)] {
        [
            ("string", "not-a-value"), ("negative", -7), ("huge", 1e300), ("too-big-asn", 4_294_967_296),
            ("bool", true), ("null", NSNull()), ("array", [1, "x"]), ("object", ["a": 1]), ("empty", ""),
        ]
    }

    /// A path into a JSON document: object keys and array indexes.
    enum Step: CustomStringConvertible {
        case key(String)
        case index(Int)
        var description: String {
            switch self {
            case .key(let key): return ".\(key)"
            case .index(let index): return "[\(index)]"
            }
        }
    }

    /// Every path in `value`, parents before children; of each array only the first two
    /// elements (the rest repeat their structure).
    static func paths(_ value: Any, prefix: [Step] = []) -> [[Step]] {
        var result: [[Step]] = []
        if let object = value as? [String: Any] {
            for key in object.keys.sorted() {
                let path = prefix + [.key(key)]
                result.append(path)
                result += paths(object[key] as Any, prefix: path)
            }
        } else if let array = value as? [Any] {
            for (index, element) in array.enumerated().prefix(2) {
                let path = prefix + [.index(index)]
                result.append(path)
                result += paths(element, prefix: path)
            }
        }
        return result
    }

    /// `value` with the field at `path` replaced (or removed when `replacement` is nil).
    static func replacing(_ value: Any, at path: ArraySlice<Step>, with replacement: Any?) -> Any {
        guard let step = path.first else { return replacement as Any }
        let rest = path.dropFirst()
        switch step {
        case .key(let key):
            guard var object = value as? [String: Any] else { return value }
            if rest.isEmpty && replacement == nil {
                object.removeValue(forKey: key)
            } else {
                object[key] = replacing(object[key] as Any, at: rest, with: replacement)
            }
            return object
        case .index(let index):
            guard var array = value as? [Any], array.indices.contains(index) else { return value }
            if rest.isEmpty && replacement == nil {
                array.remove(at: index)
            } else {
                array[index] = replacing(array[index], at: rest, with: replacement)
            }
            return array
        }
    }

    static func isAddress(_ text: String, family: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(family, text, &buffer) == 1
    }

    /// What is wrong with a parsed registry, if anything.
    static func problems(in registry: MemberRegistry) -> [String] {
        var problems: [String] = []
        for member in registry.members {
            if member.asn == 0 { problems.append("AS0 kept") }
            for address in member.ipv4Addresses where !isAddress(address, family: AF_INET) {
                problems.append("AS\(member.asn): ipv4 '\(address)'")
            }
            for address in member.ipv6Addresses where !isAddress(address, family: AF_INET6) {
                problems.append("AS\(member.asn): ipv6 '\(address)'")
            }
            if let limit = member.maxPrefixIPv4, limit < 0 { problems.append("AS\(member.asn): max_prefix v4 \(limit)") }
            if let limit = member.maxPrefixIPv6, limit < 0 { problems.append("AS\(member.asn): max_prefix v6 \(limit)") }
            if let since = member.memberSince, !since.isFinite { problems.append("AS\(member.asn): member_since \(since)") }
            for connection in member.connections {
                for port in connection.ports {
                    if let speed = port.speedMbps, speed < 0 { problems.append("AS\(member.asn): if_speed \(speed)") }
                }
            }
        }
        for server in registry.routeServers {
            for address in server.addresses
            where !isAddress(address, family: AF_INET) && !isAddress(address, family: AF_INET6) {
                problems.append("route server AS\(server.asn): address '\(address)'")
            }
        }
        return problems
    }

    @Test("every field missing or of the wrong type: no crash, clear errors, nothing silently lost",
          arguments: ["exix.ixpmanager.1.0.json", "ixf.member.2.json", "members.0.6.json"])
    func sweep(fixture: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: ixfFixture(fixture)))
        let document = try JSONSerialization.jsonObject(with: data)
        let original = try IXFMemberListParser.parse(data, source: fixture)
        let entries = ((document as? [String: Any])?["member_list"] as? [Any])?.count ?? 0
        #expect(original.members.count + original.skippedEntries.count == entries && !original.members.isEmpty)
        #expect(Self.problems(in: original).isEmpty, "\(Self.problems(in: original))")

        var failures: [String] = []
        var runs = 0
        for path in Self.paths(document) {
            let name = path.map(\.description).joined()
            for (label, replacement) in [("missing", nil)] + Self.replacements.map({ ($0.name, Optional($0.value)) }) {
                runs += 1
                let changed = Self.replacing(document, at: path[...], with: replacement)
                guard JSONSerialization.isValidJSONObject(changed),
                      let bytes = try? JSONSerialization.data(withJSONObject: changed) else { continue }
                let registry: MemberRegistry
                do {
                    registry = try IXFMemberListParser.parse(bytes, source: "sweep.json")
                } catch {
                    // Only a document without a usable member_list may be refused as a whole.
                    let top = name == ".member_list" || path.count == 0
                    if !top { failures.append("\(name) ← \(label): refused: \(error.message)") }
                    if !error.message.hasPrefix("sweep.json") { failures.append("\(name) ← \(label): error without the source: \(error.message)") }
                    continue
                }
                if name == ".member_list" && label != "array" {
                    failures.append("\(name) ← \(label): accepted a document without a member list")
                }
                let listed = ((changed as? [String: Any])?["member_list"] as? [Any])?.count ?? 0
                if registry.members.count + registry.skippedEntries.count != listed {
                    failures.append("\(name) ← \(label): \(listed) entries, \(registry.members.count) kept, "
                                    + "\(registry.skippedEntries.count) said skipped")
                }
                for problem in Self.problems(in: registry) { failures.append("\(name) ← \(label): \(problem)") }
            }
        }
        #expect(runs > 200, "\(runs) runs")
        #expect(failures.isEmpty, "\(failures.count) failures of \(runs) runs:\n\(failures.prefix(60).joined(separator: "\n"))")
    }
}
