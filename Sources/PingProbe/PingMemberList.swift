import Foundation
import Members
import Synchronization

/// The member list file the ping targets come from, read again when it changes. A list that
/// does not load leaves the last good one in place (the member-list service reports the
/// problem); a file that is not there yet (written by another program) gives none.
final class PingMemberList: Sendable {
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
