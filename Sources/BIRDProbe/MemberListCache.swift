import Foundation
import Members
import Synchronization

/// The agent's member list file, read again when it changes: the route-server probes map
/// neighbours to members and their IX-F `max_prefix` through it. A list that does not load
/// leaves the last good one in place (the member-list service reports the problem).
final class MemberListCache: Sendable {
    let path: String
    private let state = Mutex<(modified: Date?, registry: MemberRegistry?)>((nil, nil))

    init(path: String) {
        self.path = path
    }

    /// The current list, or nil when none has loaded.
    func registry() -> MemberRegistry? {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        let cached = state.withLock { $0 }
        if let modified, modified == cached.modified { return cached.registry }
        guard let loaded = try? IXFMemberListParser.parse(contentsOf: path) else { return cached.registry }
        state.withLock { $0 = (modified, loaded) }
        return loaded
    }
}
