import Foundation

/// What importing one archived export did.
public struct MembershipImportResult: Sendable, Equatable {
    /// The file.
    public var source: String
    /// The export's own timestamp, in epoch seconds: when it was recorded.
    public var at: Double
    /// Its peering members.
    public var memberCount: Int
    /// The events its snapshot added to the history.
    public var events: [MembershipEvent]

    /// A result.
    public init(source: String, at: Double, memberCount: Int, events: [MembershipEvent]) {
        self.source = source
        self.at = at
        self.memberCount = memberCount
        self.events = events
    }
}

extension MembershipStore {
    /// Loads an archive of older IX-F exports (`ixp-health import --ixf FILE...`): each file is
    /// recorded at its own `timestamp`, merged in time order with what is stored. Every file is
    /// read and checked first, so a bad file (unreadable, not a member list, no timestamp)
    /// stops the import before anything is written. `routeServerASNs` are marked as route
    /// servers (not members) as in the live configuration.
    public func importExports(
        _ paths: [String], routeServerASNs: [UInt32] = []
    ) throws(MembershipStoreError) -> [MembershipImportResult] {
        var parsed: [(path: String, at: Double, registry: MemberRegistry)] = []
        for path in paths {
            var registry: MemberRegistry
            do {
                registry = try IXFMemberListParser.parse(contentsOf: path)
            } catch {
                throw MembershipStoreError(error.message)
            }
            guard let at = registry.timestampSeconds else {
                throw MembershipStoreError(
                    "\(path): the export has no valid timestamp (\(registry.timestamp ?? "none")), so it cannot be dated")
            }
            registry.markRouteServers(asns: routeServerASNs)
            parsed.append((path, at, registry))
        }
        var results: [MembershipImportResult] = []
        for item in parsed.sorted(by: { $0.at < $1.at }) {
            let events = try record(item.registry, at: item.at, source: item.path)
            results.append(
                MembershipImportResult(
                    source: item.path, at: item.at, memberCount: item.registry.peeringMembers.count, events: events))
        }
        return results
    }
}
