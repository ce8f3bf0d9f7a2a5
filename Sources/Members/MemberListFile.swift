import Foundation
import Synchronization

/// A member list file that probes read for themselves (the route-server, ping and sFlow
/// probes map what they see to members through it), parsed again only when its modification
/// time changes. A list that does not load leaves the last good one in place — the agent's
/// member-list service reports the problem — and a file that is not there yet gives none.
public final class MemberListFile: Sendable {
    /// The file.
    public let path: String
    private let state = Mutex<(modified: Date?, registry: MemberRegistry?)>((nil, nil))

    /// A reader of the IX-F member list at `path`; nothing is read until `registry()`.
    public init(path: String) {
        self.path = path
    }

    /// The current list, or nil when none has loaded.
    public func registry() -> MemberRegistry? {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        let cached = state.withLock { $0 }
        if let modified, modified == cached.modified { return cached.registry }
        guard let loaded = try? IXFMemberListParser.parse(contentsOf: path) else { return cached.registry }
        state.withLock { $0 = (modified, loaded) }
        return loaded
    }
}
